/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.http.impl;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may use the admin plane and whether a state-changing request may have come from another web
 * origin: the decisions of {@link AdminGuard}, free of the servlet API so they can be tested directly.
 *
 * <p>Two credentials are accepted: the bearer token of the node's token file (scripts, the CLI) and
 * the web console's login (HTTP Basic, what a browser sends). Secrets are compared as SHA-256
 * digests with {@link MessageDigest#isEqual}, so neither their content nor their length shows in the
 * time an answer takes.
 */
public final class AdminCredentials {

    /** Principal name of a caller authenticated with the token file. */
    public static final String TOKEN_PRINCIPAL = "token";

    /** How a caller proved who they are; a browser sends Basic on its own, a bearer token it never does. */
    public enum Scheme { BEARER, BASIC }

    /** An authenticated caller. */
    public record Caller(String principal, Scheme scheme) {
    }

    private final byte[] tokenDigest;
    private final String consoleUser;
    private final byte[] consoleDigest;

    /**
     * @param token           the bearer token, null or empty for none
     * @param consoleUser     the console login name, null for none
     * @param consolePassword the console password, null or empty for none
     */
    public AdminCredentials(String token, String consoleUser, String consolePassword) {
        this.tokenDigest = token == null || token.isEmpty() ? null : sha256(token);
        boolean console = consoleUser != null && !consoleUser.isEmpty() && consolePassword != null && !consolePassword.isEmpty();
        this.consoleUser = console ? consoleUser : null;
        this.consoleDigest = console ? sha256(consoleUser + ":" + consolePassword) : null;
    }

    /** @return whether any credential is configured; without one every request is refused */
    public boolean configured() {
        return tokenDigest != null || consoleDigest != null;
    }

    /** @return the caller an {@code Authorization} header proves, or empty for a missing or wrong one */
    public Optional<Caller> authenticate(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String h = authorization.strip();
        int sp = h.indexOf(' ');
        if (sp <= 0) {
            return Optional.empty();
        }
        String scheme = h.substring(0, sp).toLowerCase(Locale.ROOT);
        String value = h.substring(sp + 1).strip();
        if ("bearer".equals(scheme) && tokenDigest != null) {
            return MessageDigest.isEqual(tokenDigest, sha256(value))
                    ? Optional.of(new Caller(TOKEN_PRINCIPAL, Scheme.BEARER)) : Optional.empty();
        }
        if ("basic".equals(scheme) && consoleDigest != null) {
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            return MessageDigest.isEqual(consoleDigest, sha256(pair))
                    ? Optional.of(new Caller(consoleUser, Scheme.BASIC)) : Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * Decides whether a state-changing request may have been made by a page of another origin
     * (decision ADMIN2). A request authenticated by bearer token cannot come from a foreign page
     * (a browser sends {@code Authorization} across origins only after a CORS preflight, which the
     * node never grants), but a foreign {@code Origin} is refused all the same. A request
     * authenticated by Basic carries credentials the browser adds on its own, so it must prove its
     * origin: {@code Sec-Fetch-Site} (when sent) is {@code same-origin} or {@code none}, and
     * {@code Origin}, or without it {@code Referer}, names this very host; a request with neither is
     * refused.
     *
     * @param scheme        how the caller authenticated
     * @param origin        the {@code Origin} header or null
     * @param referer       the {@code Referer} header or null
     * @param secFetchSite  the {@code Sec-Fetch-Site} header or null
     * @param requestOrigin this request's own origin, {@code scheme://host:port} as the client addressed it
     * @return why the request is refused, or empty when it may proceed
     */
    public static Optional<String> crossSiteRefusal(Scheme scheme, String origin, String referer, String secFetchSite,
                                                    String requestOrigin) {
        if (secFetchSite != null && !"same-origin".equalsIgnoreCase(secFetchSite) && !"none".equalsIgnoreCase(secFetchSite)) {
            return Optional.of("cross-site request refused (Sec-Fetch-Site: " + secFetchSite + ")");
        }
        if (origin != null) {
            return sameOrigin(origin, requestOrigin) ? Optional.empty()
                    : Optional.of("cross-origin request refused (Origin " + origin + " is not " + requestOrigin + ")");
        }
        if (referer != null) {
            return sameOrigin(referer, requestOrigin) ? Optional.empty()
                    : Optional.of("cross-origin request refused (Referer is not on " + requestOrigin + ")");
        }
        return scheme == Scheme.BEARER ? Optional.empty()
                : Optional.of("a change with the console login needs an Origin or Referer header of this host "
                + "(browsers send one); scripts use the admin token (Authorization: Bearer …)");
    }

    /** @return whether {@code url}'s scheme, host and port are those of {@code requestOrigin} */
    static boolean sameOrigin(String url, String requestOrigin) {
        try {
            URI a = URI.create(url.strip());
            URI b = URI.create(requestOrigin);
            if (a.getScheme() == null || a.getHost() == null) {
                return false; // "null" (opaque origins: sandboxed frames, data: URLs) and relative junk
            }
            return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                    && port(a) == port(b);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /**
     * Reads the token file, writing a new random token (owner-only) when there is none, so a node is
     * never reachable without one.
     */
    public static String loadOrCreateToken(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String t = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!t.isEmpty()) {
                return t;
            }
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the data directory's own permissions protect the file
        }
        Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return token;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
