/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The few S3 calls the task storage needs (list by prefix, get, put, delete), path-style on
 * {@code java.net.http}, signed with AWS Signature Version 4 (decision S3-2; the bundle README says why this is
 * not a library). Error messages name the endpoint redacted, the bucket, the key, the HTTP status and the
 * server's error code, never the secret key and never the server's own text.
 */
final class S3Client {

    /** S3 refuses a single PUT above 5 GiB; a larger output would need a multipart upload, which this client does not do. */
    static final long MAX_SINGLE_PUT = 5L * 1024 * 1024 * 1024;

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private static final Duration SMALL_REQUEST_TIMEOUT = Duration.ofMinutes(2);
    /** 1000 keys a page: a million partitions is more than any data set this runtime reads. */
    private static final int MAX_LIST_PAGES = 1000;
    /** An error or listing document larger than this is not S3's. */
    private static final int MAX_DOCUMENT = 8 * 1024 * 1024;
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final S3Location location;
    private final Clock clock;

    S3Client(S3Location location, Clock clock) {
        this.location = location;
        this.clock = clock;
    }

    /** A refusal by the server, with its status and S3 error code. */
    static final class S3Exception extends IOException {
        private final int status;
        private final String code;

        S3Exception(String message, int status, String code) {
            super(message);
            this.status = status;
            this.code = code;
        }

        int status() {
            return status;
        }

        String code() {
            return code;
        }
    }

    /** @return the keys under {@code prefix} (every page of ListObjectsV2) */
    List<String> list(String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        String token = null;
        int pages = 0;
        java.util.Set<String> tokens = new java.util.HashSet<>();
        do {
            // a server that never stops answering "truncated" must not keep the task listing forever
            if (++pages > MAX_LIST_PAGES) {
                throw new IOException("storage " + location + " lists more than " + MAX_LIST_PAGES + " pages under "
                        + prefix + ": refusing to read further");
            }
            Map<String, String> query = new TreeMap<>();
            query.put("list-type", "2");
            query.put("prefix", prefix);
            if (token != null) {
                query.put("continuation-token", token);
            }
            HttpResponse<InputStream> r = send("GET", null, query, null, EMPTY_SHA256, SMALL_REQUEST_TIMEOUT, "list " + prefix + "*");
            byte[] doc = readBounded(r.body());
            token = parseListing(doc, keys);
            if (token != null && !tokens.add(token)) {
                throw new IOException("storage " + location + " repeats a continuation token listing " + prefix
                        + ": refusing to list in a circle");
            }
        } while (token != null);
        return keys;
    }

    /**
     * Appends the object {@code key} to {@code out}.
     *
     * @throws S3Exception with status 404 when there is no such object
     */
    void get(String key, OutputStream out) throws IOException {
        HttpResponse<InputStream> r = send("GET", key, Map.of(), null, EMPTY_SHA256, null, "read " + key);
        try (InputStream in = r.body()) {
            in.transferTo(out);
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("storage " + location + ": reading " + key + " broke off (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }

    /** Writes the file {@code from} as the object {@code key}, its SHA-256 signed so the server checks what arrived. */
    void put(String key, Path from) throws IOException {
        long size = Files.size(from);
        if (size > MAX_SINGLE_PUT) {
            throw new IOException("output of " + size + " bytes is larger than the 5 GiB of one S3 PUT (multipart uploads "
                    + "are not implemented): cannot store it as " + key + " in " + location);
        }
        String hash;
        try (InputStream in = Files.newInputStream(from)) {
            MessageDigest d = sha256();
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
            hash = HEX.formatHex(d.digest());
        }
        send("PUT", key, Map.of(), HttpRequest.BodyPublishers.ofFile(from), hash, null, "write " + key).body().close();
    }

    /** Writes {@code content} as the object {@code key}. */
    void put(String key, byte[] content) throws IOException {
        send("PUT", key, Map.of(), HttpRequest.BodyPublishers.ofByteArray(content), HEX.formatHex(sha256().digest(content)),
                SMALL_REQUEST_TIMEOUT, "write " + key).body().close();
    }

    /** Deletes the object {@code key} (S3 answers 204 whether or not it existed). */
    void delete(String key) throws IOException {
        send("DELETE", key, Map.of(), null, EMPTY_SHA256, SMALL_REQUEST_TIMEOUT, "delete " + key).body().close();
    }

    // ------------------------------------------------------------------ one request

    private HttpResponse<InputStream> send(String method, String key, Map<String, String> query,
                                           HttpRequest.BodyPublisher body, String payloadHash, Duration timeout,
                                           String what) throws IOException {
        String path = "/" + location.bucket() + (key == null ? "" : "/" + encodePath(key));
        String canonicalQuery = canonicalQuery(query);
        URI endpoint = location.endpoint();
        boolean defaultPort = location.port() == (location.secure() ? 443 : 80);
        // java.net.http writes the Host header from the URI, so the signed host must be written the same way
        String hostHeader = location.host() + (defaultPort ? "" : ":" + location.port());
        URI uri = URI.create(endpoint.getScheme() + "://" + hostHeader + path
                + (canonicalQuery.isEmpty() ? "" : "?" + canonicalQuery));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        if (timeout != null) {
            b.timeout(timeout);
        }
        if (location.signed()) {
            String amzDate = AMZ_DATE.format(clock.instant());
            b.header("x-amz-date", amzDate).header("x-amz-content-sha256", payloadHash)
                    .header("Authorization", authorization(method, path, canonicalQuery, hostHeader, amzDate, payloadHash));
        }
        HttpResponse<InputStream> r;
        try {
            r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while trying to " + what + " in " + location);
        } catch (HttpTimeoutException e) {
            throw new IOException("storage " + location + " did not answer in time to " + what, e);
        } catch (ConnectException e) {
            throw new IOException("storage " + location + " cannot be reached (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        } catch (IOException e) {
            throw new IOException("storage " + location + " failed to " + what + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
        int status = r.statusCode();
        if (status / 100 == 2) {
            return r;
        }
        String code;
        try (InputStream in = r.body()) {
            code = errorCode(readBounded(in));
        } catch (IOException e) {
            code = "";
        }
        throw new S3Exception(refusal(status, code, what), status, code);
    }

    /** The message of a refusal: what the operator can act on, without anything the server wrote as prose. */
    private String refusal(int status, String code, String what) {
        String hint = switch (code) {
            case "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "InvalidSecurity" ->
                    ": the username/password of system.storage are not accepted";
            case "NoSuchBucket" -> ": bucket " + location.bucket() + " does not exist";
            case "NoSuchKey" -> ": no such object";
            case "RequestTimeTooSkewed" -> ": this node's clock differs too much from the storage's";
            default -> status == 403 ? ": access denied (check the username/password of system.storage)" : "";
        };
        return "storage " + location + " refused to " + what + " (HTTP " + status + (code.isEmpty() ? "" : " " + code) + ")" + hint;
    }

    private String authorization(String method, String path, String canonicalQuery, String host, String amzDate,
                                 String payloadHash) {
        String date = amzDate.substring(0, 8);
        String scope = date + "/" + location.region() + "/s3/aws4_request";
        String signedHeaders = "host;x-amz-content-sha256;x-amz-date";
        String canonicalRequest = method + "\n" + path + "\n" + canonicalQuery + "\n"
                + "host:" + host + "\n" + "x-amz-content-sha256:" + payloadHash + "\n" + "x-amz-date:" + amzDate + "\n\n"
                + signedHeaders + "\n" + payloadHash;
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + HEX.formatHex(sha256().digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + location.password()).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, location.region());
        key = hmac(key, "s3");
        key = hmac(key, "aws4_request");
        String signature = HEX.formatHex(hmac(key, stringToSign));
        return "AWS4-HMAC-SHA256 Credential=" + location.username() + "/" + scope + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + signature;
    }

    // ------------------------------------------------------------------ encoding, XML

    /** RFC 3986 encoding as SigV4 wants it: unreserved characters as they are, everything else %XX (upper case). */
    static String encode(String s, boolean keepSlash) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
                    || c == '~' || keepSlash && c == '/') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    private static String encodePath(String key) {
        return encode(key, true);
    }

    private static String canonicalQuery(Map<String, String> query) {
        TreeMap<String, String> sorted = new TreeMap<>();
        query.forEach((k, v) -> sorted.put(encode(k, false), encode(v, false)));
        StringBuilder b = new StringBuilder();
        sorted.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(k).append('=').append(v));
        return b.toString();
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[16 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                if (out.size() + n > MAX_DOCUMENT) {
                    throw new IOException("the storage answered with a document larger than " + MAX_DOCUMENT + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static XMLStreamReader xml(byte[] doc) throws XMLStreamException {
        // no DTDs, no external entities: the document comes from a server outside the node
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f.createXMLStreamReader(new java.io.ByteArrayInputStream(doc));
    }

    /** @return the next continuation token, null on the last page; the keys are added to {@code keys} */
    private String parseListing(byte[] doc, List<String> keys) throws IOException {
        boolean truncated = false;
        String token = null;
        try {
            XMLStreamReader r = xml(doc);
            List<String> path = new ArrayList<>();
            while (r.hasNext()) {
                int e = r.next();
                if (e == XMLStreamConstants.START_ELEMENT) {
                    path.add(r.getLocalName());
                    String name = r.getLocalName();
                    if (name.equals("Key") && path.size() == 3 && path.get(1).equals("Contents")) {
                        keys.add(r.getElementText());
                        path.remove(path.size() - 1);
                    } else if (name.equals("IsTruncated") && path.size() == 2) {
                        truncated = Boolean.parseBoolean(r.getElementText().strip());
                        path.remove(path.size() - 1);
                    } else if (name.equals("NextContinuationToken") && path.size() == 2) {
                        token = r.getElementText().strip();
                        path.remove(path.size() - 1);
                    }
                } else if (e == XMLStreamConstants.END_ELEMENT) {
                    path.remove(path.size() - 1);
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            throw new IOException("storage " + location + " answered a listing that is not S3's ListBucketResult XML");
        }
        if (truncated && (token == null || token.isEmpty())) {
            throw new IOException("storage " + location + " answered a truncated listing without a continuation token");
        }
        return truncated ? token : null;
    }

    /** @return the {@code <Code>} of an S3 error document, reduced to letters and digits; empty when there is none */
    private static String errorCode(byte[] doc) {
        if (doc.length == 0) {
            return "";
        }
        try {
            XMLStreamReader r = xml(doc);
            int depth = 0;
            while (r.hasNext()) {
                int e = r.next();
                if (e == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    if (depth == 2 && r.getLocalName().equals("Code")) {
                        String c = r.getElementText().replaceAll("[^A-Za-z0-9]", "");
                        return c.length() > 64 ? c.substring(0, 64) : c;
                    }
                } else if (e == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            return "";
        }
        return "";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no HmacSHA256", e);
        }
    }
}
