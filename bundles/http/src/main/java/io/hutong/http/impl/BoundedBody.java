/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.http.impl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request whose body ends with {@link BodyTooLarge} once more than the plane's limit has been read,
 * so no reader downstream (Jackson, a String reader, a multipart parser) can buffer more than the limit,
 * whatever Content-Length says or when the body is chunked.
 */
final class BoundedBody extends HttpServletRequestWrapper {

    private final long limit;
    private final int status;
    private final byte[] answer;
    private ServletInputStream stream;
    private BufferedReader reader;

    /**
     * @param limit  the most body bytes a reader gets
     * @param status the HTTP status of the answer when the body is larger
     * @param answer the body of that answer (management envelope or PTP form)
     */
    BoundedBody(HttpServletRequest request, long limit, int status, byte[] answer) {
        super(request);
        this.limit = limit;
        this.status = status;
        this.answer = answer;
    }

    @Override
    public synchronized ServletInputStream getInputStream() throws IOException {
        if (reader != null) {
            throw new IllegalStateException("getReader() was already called");
        }
        if (stream == null) {
            stream = new Limited(super.getInputStream());
        }
        return stream;
    }

    @Override
    public synchronized BufferedReader getReader() throws IOException {
        if (reader == null) {
            if (stream != null) {
                throw new IllegalStateException("getInputStream() was already called");
            }
            String enc = getCharacterEncoding();
            Charset cs = enc == null ? StandardCharsets.UTF_8 : Charset.forName(enc);
            reader = new BufferedReader(new InputStreamReader(new Limited(super.getInputStream()), cs));
        }
        return reader;
    }

    /** Counts what is read and fails the read that goes past the limit. */
    private final class Limited extends ServletInputStream {
        private final ServletInputStream in;
        private long count;

        Limited(ServletInputStream in) {
            this.in = in;
        }

        private void account(int n) throws BodyTooLarge {
            if (n > 0) {
                count += n;
                if (count > limit) {
                    throw new BodyTooLarge(status, answer);
                }
            }
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            account(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            // never ask for more than one byte past the limit, so a single read cannot buffer a huge chunk
            long room = limit - count + 1;
            int n = in.read(b, off, (int) Math.min(len, Math.max(1, room)));
            account(n);
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }

    /**
     * The body went past the plane's limit. An {@link IOException}, so every reader passes it up; the
     * edge and the JAX-RS error mapper find it in the cause chain and answer with {@link #answer()}.
     */
    static final class BodyTooLarge extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient int status;
        private final transient byte[] answer;

        BodyTooLarge(int status, byte[] answer) {
            super("request body exceeds the limit");
            this.status = status;
            this.answer = answer;
        }

        int status() {
            return status;
        }

        byte[] answer() {
            return answer;
        }

        /** @return the first {@code BodyTooLarge} in the cause chain of {@code e}, or null */
        static BodyTooLarge in(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof BodyTooLarge b) {
                    return b;
                }
            }
            return null;
        }
    }
}
