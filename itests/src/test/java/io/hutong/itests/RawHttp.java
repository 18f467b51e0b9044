/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * HTTP/1.1 written by hand on a socket, as an attacker sends it: requests no client library would
 * send (a malformed request line, a 20 kB header), bodies streamed without being held, and a chosen
 * loopback source address (127.0.0.x) so a test has a rate-limit budget of its own.
 */
final class RawHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RawHttp() {
    }

    /** An answer: its status and the raw text (head and body). */
    record Answer(int status, String raw) {
        JsonNode json() throws IOException {
            return JSON.readTree(raw.substring(raw.indexOf("\r\n\r\n") + 4));
        }

        String header(String name) {
            for (String line : raw.substring(0, raw.indexOf("\r\n\r\n")).split("\r\n")) {
                if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                    return line.substring(name.length() + 1).trim();
                }
            }
            return null;
        }
    }

    /**
     * Sends {@code head} (request line and headers, each ending CRLF) from {@code source} to
     * 127.0.0.1:{@code port}, then {@code bodyBytes} of spaces (chunked or not), reading the answer
     * while sending, as a client does that stops when the server has answered.
     */
    static Answer send(String source, int port, String head, long bodyBytes, boolean chunked) throws Exception {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            Thread writer = new Thread(() -> {
                try {
                    out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    byte[] chunk = new byte[64 * 1024];
                    Arrays.fill(chunk, (byte) ' ');
                    long left = bodyBytes;
                    while (left > 0) {
                        int n = (int) Math.min(chunk.length, left);
                        if (chunked) {
                            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        }
                        out.write(chunk, 0, n);
                        if (chunked) {
                            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        }
                        left -= n;
                    }
                    if (chunked) {
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    }
                    out.flush();
                } catch (IOException closedByTheServer) {
                    // the server answered and closed before the whole body was sent: expected when it is too large
                }
            });
            writer.setDaemon(true);
            writer.start();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    got.write(buf, 0, n);
                }
            } catch (IOException resetAfterTheAnswer) {
                // what was read before a reset stands
            }
            s.close();
            writer.join();
            String raw = got.toString(StandardCharsets.ISO_8859_1);
            while (raw.startsWith("HTTP/1.1 100")) {
                raw = raw.substring(raw.indexOf("\r\n\r\n") + 4);
            }
            if (!raw.startsWith("HTTP/1.1 ")) {
                throw new AssertionError("no answer: '" + raw + "'");
            }
            return new Answer(Integer.parseInt(raw.substring(9, 12)), raw);
        }
    }
}
