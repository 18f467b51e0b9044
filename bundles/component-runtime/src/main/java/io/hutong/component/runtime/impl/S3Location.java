/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An {@code s3://} storage URI (spec 30 §4.1) taken apart: the S3-compatible endpoint, the bucket and the
 * credentials (decision S3-1). Its {@link #toString()} is the redacted form, the only one that may be logged
 * or shown.
 *
 * <p>Accepted form: {@code s3://host[:port]?username=…&password=…&bucket=…&secure=true|false&region=…}; every
 * parameter is optional ({@code bucket} defaults to {@code storage}, A-10; no credentials = unsigned requests;
 * {@code secure=true} = https; {@code region} defaults to {@code us-east-1}, what MinIO-style servers expect).
 *
 * @param host     the endpoint's host name or address
 * @param port     its port (80 / 443 when the URI gives none)
 * @param secure   https instead of http
 * @param bucket   the bucket holding every dataset
 * @param region   the SigV4 signing region
 * @param username the access key id, empty for unsigned requests
 * @param password the secret key, empty for unsigned requests; never shown
 */
record S3Location(String host, int port, boolean secure, String bucket, String region, String username,
                  String password) {

    static final String SCHEME = "s3://";
    static final String DEFAULT_BUCKET = "storage";
    static final String DEFAULT_REGION = "us-east-1";

    private static final Set<String> PARAMETERS = Set.of("username", "password", "bucket", "secure", "region");
    // S3's own bucket-name rules (3–63 lower-case letters, digits, '.', '-'), so a name never changes the path.
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,32}");

    /** @return true when {@code uri} names an S3 storage (the only test callers need before {@link #parse}) */
    static boolean is(String uri) {
        return uri != null && uri.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /**
     * Takes an {@code s3://} URI apart.
     *
     * @throws IllegalArgumentException naming what is wrong; the message never repeats the URI, which may hold a password
     */
    static S3Location parse(String uri) {
        if (!is(uri)) {
            throw new IllegalArgumentException("system.storage is not an s3:// URI");
        }
        String rest = uri.substring(SCHEME.length());
        int q = rest.indexOf('?');
        String authority = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? "" : rest.substring(q + 1);
        if (authority.endsWith("/")) {
            authority = authority.substring(0, authority.length() - 1);
        }
        if (authority.contains("/") || authority.contains("@")) {
            throw new IllegalArgumentException("system.storage s3://… must be s3://host:port?bucket=…: put the bucket in "
                    + "the bucket parameter and the credentials in username/password, not in the path or before the host");
        }
        String host;
        int port = -1;
        int colon = authority.lastIndexOf(':');
        if (colon > 0 && !authority.endsWith("]")) {
            host = authority.substring(0, colon);
            String p = authority.substring(colon + 1);
            try {
                port = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("system.storage s3://" + host + ":… has a port that is not a number");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("system.storage s3://" + host + ":" + port + " has a port outside 1–65535");
            }
        } else {
            host = authority;
        }
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("system.storage s3://… needs a host name or address after s3://");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String pair : query.split("&", -1)) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                if (!PARAMETERS.contains(key)) {
                    // a misspelt "bucket" must not silently mean the default bucket
                    throw new IllegalArgumentException("system.storage s3://" + host + " has an unknown parameter '"
                            + printable(key) + "'; known: bucket, username, password, secure, region");
                }
                if (params.containsKey(key)) {
                    throw new IllegalArgumentException("system.storage s3://" + host + " gives " + key + " twice");
                }
                params.put(key, decode(eq < 0 ? "" : pair.substring(eq + 1), key));
            }
        }
        String bucket = params.getOrDefault("bucket", "");
        bucket = bucket.isEmpty() ? DEFAULT_BUCKET : bucket;
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new IllegalArgumentException("system.storage s3://" + host + " names bucket '" + printable(bucket)
                    + "', which is not an S3 bucket name (3–63 of a-z, 0-9, '.', '-')");
        }
        String secureText = params.getOrDefault("secure", "false").toLowerCase(Locale.ROOT);
        if (!secureText.equals("true") && !secureText.equals("false")) {
            throw new IllegalArgumentException("system.storage s3://" + host + ": secure must be true or false");
        }
        boolean secure = secureText.equals("true");
        String region = params.getOrDefault("region", "");
        region = region.isEmpty() ? DEFAULT_REGION : region;
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("system.storage s3://" + host + ": region must be like us-east-1");
        }
        String username = params.getOrDefault("username", "");
        String password = params.getOrDefault("password", "");
        if (username.isEmpty() != password.isEmpty()) {
            throw new IllegalArgumentException("system.storage s3://" + host
                    + " gives only one of username and password: give both (signed requests) or neither (anonymous)");
        }
        return new S3Location(host, port < 0 ? (secure ? 443 : 80) : port, secure, bucket, region, username, password);
    }

    /**
     * Percent-decoding only: a '+' stays a '+', since S3 secret keys often hold one (form decoding would turn it
     * into a space and every request would fail with a wrong signature).
     */
    private static String decode(String s, String key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("system.storage parameter " + key + " has a broken %-escape");
                }
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        String v = out.toString(StandardCharsets.UTF_8);
        if (v.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw new IllegalArgumentException("system.storage parameter " + key + " holds a control character");
        }
        return v;
    }

    /** Text from the URI fit to echo in a message: short, printable (never used for the password). */
    private static String printable(String s) {
        String t = s.replaceAll("[^A-Za-z0-9._-]", "?");
        return t.length() > 64 ? t.substring(0, 64) + "…" : t;
    }

    /** @return the endpoint, e.g. {@code http://10.0.0.1:9000} */
    URI endpoint() {
        return URI.create((secure ? "https://" : "http://") + host + ":" + port);
    }

    /** @return whether requests are signed (SigV4) */
    boolean signed() {
        return !username.isEmpty();
    }

    /** @return the URI with the password replaced by {@code ***}: the form logs, statuses and messages use */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(SCHEME).append(host).append(':').append(port).append("?bucket=").append(bucket);
        if (signed()) {
            b.append("&username=").append(printable(username)).append("&password=***");
        }
        if (secure) {
            b.append("&secure=true");
        }
        if (!region.equals(DEFAULT_REGION)) {
            b.append("&region=").append(region);
        }
        return b.toString();
    }

    /** @return {@code uri} fit to show: an {@code s3://} URI redacted, anything else as it is */
    static String redact(String uri) {
        if (!is(uri)) {
            return uri;
        }
        try {
            return parse(uri).toString();
        } catch (IllegalArgumentException e) {
            return "s3://(not a valid storage URI)";
        }
    }
}
