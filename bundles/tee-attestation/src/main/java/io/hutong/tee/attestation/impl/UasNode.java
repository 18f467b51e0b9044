/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.impl;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

import org.apache.felix.hc.api.HealthCheck;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.hutong.api.health.Health;
import io.hutong.api.health.LayerCheck;
import io.hutong.api.health.Layers;
import io.hutong.api.tee.TeePlatforms;
import io.hutong.api.tee.TeeVerifier;
import io.hutong.tee.attestation.uas.TeeNodeRegistration;
import io.hutong.tee.attestation.uas.UasReportVerifier;
import io.hutong.tee.attestation.uas.UasSigningKey;
import io.hutong.tee.attestation.uas.UasVerifyRequest;
import io.hutong.tee.attestation.uas.UasVerifyResponse;
import io.hutong.tee.attestation.uas.UnifiedAttestationService;

/**
 * This node's Unified Attestation Service (spec 60 §6): the signing key and certificate kept in the
 * database (so a restart signs with the same key), the verify operation over the deployed platform
 * verifiers, and TEE node registration.
 *
 * <p>It also registers a verifier for {@code str_tee_platform=Uas} that checks reports signed with its
 * own key, so an operator can check a UAS answer with the same admin verify call as any report.
 */
@Component(service = {UasNode.class, HealthCheck.class}, configurationPid = UasNode.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {HealthCheck.NAME + "=" + Layers.TEE + "/uas", HealthCheck.TAGS + "=" + LayerCheck.TAG,
                HealthCheck.TAGS + "=" + LayerCheck.TAG + "." + Layers.TEE})
@Designate(ocd = UasConfig.class)
public class UasNode implements LayerCheck {

    /** Configuration PID. */
    public static final String PID = "io.hutong.tee.uas";

    private static final Logger LOG = Logger.getLogger(UasNode.class.getName());

    private final TeeStore store;
    private final String algorithm;
    private final Instant fixedTime;
    private final Clock clock;
    private final BundleContext context;
    private final CompletableFuture<Signer> signer = new CompletableFuture<>();
    private final boolean acceptDebugEnclaves;
    private volatile String replacedKey; // Base64 public key of an undersized key this activation replaced
    private ServiceRegistration<TeeVerifier> uasVerifier; // guarded by this
    private boolean deactivated; // guarded by this

    /** Everything that needs the key: made once the key is loaded or generated. */
    private record Signer(UasSigningKey key, X509Certificate certificate, String certificatePem,
            UnifiedAttestationService service, TeeNodeRegistration registration) {
    }

    @Activate
    public UasNode(@Reference TeeStore store, @Reference TeeVerifierRegistry verifiers, UasConfig config,
            BundleContext context) throws SQLException, GeneralSecurityException {
        this.store = store;
        this.context = context;
        this.algorithm = config.signing_algorithm().strip().toUpperCase(java.util.Locale.ROOT);
        if (!algorithm.equals("RSA") && !algorithm.equals("SM2")) {
            throw new IllegalArgumentException("signing.algorithm: expected RSA or SM2, actual \"" + config.signing_algorithm() + "\"");
        }
        if (algorithm.equals("RSA") && config.rsa_bits() < UasSigningKey.MIN_RSA_BITS) {
            throw new IllegalArgumentException("rsa.bits: at least " + UasSigningKey.MIN_RSA_BITS + ", actual " + config.rsa_bits());
        }
        this.fixedTime = fixedTime(config.verification_at());
        this.clock = fixedTime == null ? Clock.systemUTC() : Clock.fixed(fixedTime, java.time.ZoneOffset.UTC);
        if (fixedTime != null) {
            LOG.warning("UAS verification time is fixed at " + fixedTime + " (verification.at); never in production");
        }
        Duration validity = Duration.ofDays(Math.max(1, config.node_certificate_days()));
        this.acceptDebugEnclaves = config.accept_debug_enclaves();
        if (acceptDebugEnclaves) {
            LOG.warning("the UAS signs results for debug enclaves (accept.debug.enclaves); never in production");
        }
        TeeStore.UasKeyRow stored = store.uasKey(algorithm).orElse(null);
        if (stored != null && !undersized(stored)) {
            ready(stored, verifiers, validity);
        } else {
            // An RSA-4096 key takes from one to several seconds to generate on a busy machine (measured 0.8–4.5 s
            // on 2 loaded cores); making it here would hold up the start of every bundle after this one, so it
            // is made aside and requests wait for it.
            Thread maker = new Thread(() -> {
                try {
                    TeeStore.UasKeyRow row = create(algorithm, config.rsa_bits(), config.subject_cn());
                    if (stored == null) {
                        try {
                            store.saveUasKey(row);
                            LOG.info("created the UAS " + algorithm + " signing key and certificate");
                        } catch (SQLException e) {
                            // a previous activation stored its key first: that one is the UAS key, never replaced
                            row = store.uasKey(algorithm).orElseThrow(() -> e);
                        }
                    } else if (store.replaceUasKey(row, stored.publicKey())) {
                        // challengers that pinned the old certificate must pin the new one: said loudly, once
                        LOG.warning("replaced the UAS RSA key of " + bits(stored) + " bits (made before the minimum was "
                                + "raised to " + UasSigningKey.MIN_RSA_BITS + ") by a new " + config.rsa_bits()
                                + "-bit key and certificate; challengers must pin the new UAS certificate");
                        replacedKey = stored.publicKey();
                    } else {
                        row = store.uasKey(algorithm).orElseThrow();
                    }
                    ready(row, verifiers, validity);
                } catch (Exception | Error e) {
                    LOG.log(java.util.logging.Level.SEVERE, "cannot create the UAS key", e);
                    signer.completeExceptionally(e);
                }
            }, "hutong-uas-key");
            maker.setDaemon(true);
            maker.start();
        }
    }

    private static boolean undersized(TeeStore.UasKeyRow row) throws GeneralSecurityException {
        return row.algorithm().equals("RSA") && UasSigningKey.undersized(keyPair(row).getPublic());
    }

    private static int bits(TeeStore.UasKeyRow row) throws GeneralSecurityException {
        return ((java.security.interfaces.RSAPublicKey) keyPair(row).getPublic()).getModulus().bitLength();
    }

    private void ready(TeeStore.UasKeyRow row, TeeVerifierRegistry verifiers, Duration validity)
            throws GeneralSecurityException {
        KeyPair pair = keyPair(row);
        UasSigningKey key = new UasSigningKey(pair);
        X509Certificate cert = certificate(row.certificatePem());
        signer.complete(new Signer(key, cert, row.certificatePem(),
                new UnifiedAttestationService(store::accepts, verifiers, key, clock, acceptDebugEnclaves),
                new TeeNodeRegistration(cert, pair, verifiers, validity, acceptDebugEnclaves)));
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(TeeVerifier.PLATFORM, TeePlatforms.UAS);
        synchronized (this) {
            if (!deactivated) {
                uasVerifier = context.registerService(TeeVerifier.class, new UasReportVerifier(key.publicKey()), props);
            }
        }
    }

    @Deactivate
    synchronized void deactivate() {
        deactivated = true;
        if (uasVerifier != null) {
            uasVerifier.unregister();
        }
    }

    private Signer signer() {
        try {
            return signer.get(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the UAS key", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the UAS key could not be made: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the UAS key is still being generated; try again shortly", e);
        }
    }

    /** @return the answer to {@code POST /v1/interconn/tee/uas/verify} */
    public UasVerifyResponse verify(UasVerifyRequest request) {
        return signer().service().verify(request);
    }

    /**
     * Registers a TEE node (spec 60 §6.1 option 1) and records the certificate issued.
     *
     * @throws GeneralSecurityException naming the check that failed
     */
    public X509Certificate register(String nodeId, String pemPublicKey, String reportJson)
            throws GeneralSecurityException, SQLException {
        Instant at = clock.instant();
        X509Certificate issued = signer().registration().register(nodeId, pemPublicKey, reportJson, at);
        store.saveNodeCertificate(issued.getSerialNumber().toString(16), nodeId, Pem.sha256Hex(pemPublicKey),
                pem(issued), at);
        return issued;
    }

    /** @return whether the pair is a current access credential */
    public boolean accepts(String accessKey, String accessSecret) {
        return store.accepts(accessKey, accessSecret);
    }

    /** @return the UAS certificate, PEM */
    public String certificatePem() {
        return signer().certificatePem();
    }

    /** @return what challengers and operators need to know about this UAS */
    public Map<String, Object> describe() {
        Signer s = signer();
        UasSigningKey signingKey = s.key();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("algorithm", algorithm);
        m.put("signature_algorithm", algorithm.equals("RSA") ? "SHA256withRSA" : "SM3withSM2");
        m.put("public_key_sha256", Pem.hex(Pem.sha256(signingKey.publicKey().getEncoded())));
        m.put("pem_public_key", publicKeyPem(signingKey.publicKey()));
        m.put("pem_certificate", s.certificatePem());
        m.put("certificate_not_after", s.certificate().getNotAfter().toInstant().toString());
        m.put("verification_at", fixedTime == null ? "" : fixedTime.toString());
        m.put("accept_debug_enclaves", acceptDebugEnclaves);
        return m;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("algorithm", algorithm);
        if (signer.isCompletedExceptionally()) {
            return Health.down("the UAS key could not be made: " + signer.handle((v, e) -> String.valueOf(e)).join());
        }
        Signer s = signer.getNow(null);
        if (s == null) {
            // serves nothing yet: UAS requests wait for the key, so the UAS is not UP until it exists
            return new Health(Health.State.DEGRADED, "UAS key being generated; UAS requests wait for it", details);
        }
        details.put("public_key_sha256", Pem.hex(Pem.sha256(s.key().publicKey().getEncoded())));
        if (s.key().publicKey() instanceof java.security.interfaces.RSAPublicKey rsa) {
            details.put("rsa_bits", rsa.getModulus().bitLength());
        }
        if (replacedKey != null) {
            details.put("replaced_public_key_sha256", Pem.hex(Pem.sha256(Base64.getDecoder().decode(replacedKey))));
        }
        try {
            details.put("access_keys", store.accessKeys().size());
            details.put("node_certificates", store.nodeCertificateCount());
        } catch (SQLException e) {
            return Health.down("UAS store unreadable: " + e.getMessage());
        }
        if (acceptDebugEnclaves) {
            details.put("accept_debug_enclaves", true);
            return new Health(Health.State.DEGRADED, "UAS signs results for debug enclaves (accept.debug.enclaves)",
                    details);
        }
        if (fixedTime != null) {
            details.put("verification_at", fixedTime.toString());
            return new Health(Health.State.DEGRADED, "UAS verifies at the fixed time " + fixedTime
                    + " (verification.at), not the node clock", details);
        }
        return Health.up("UAS signs with " + algorithm, details);
    }

    private static Instant fixedTime(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("verification.at: not an ISO-8601 instant: \"" + text + "\"", e);
        }
    }

    private static TeeStore.UasKeyRow create(String algorithm, int rsaBits, String subject) throws GeneralSecurityException {
        KeyPair pair;
        if (algorithm.equals("RSA")) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(rsaBits);
            pair = g.generateKeyPair();
        } else {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Crypto.PROVIDER);
            g.initialize(new ECGenParameterSpec("sm2p256v1"));
            pair = g.generateKeyPair();
        }
        Instant now = Instant.now();
        X509Certificate cert = TeeNodeRegistration.selfSigned(subject == null || subject.isBlank() ? "Hutong UAS" : subject,
                pair, now.minusSeconds(60), Duration.ofDays(3650));
        Base64.Encoder b64 = Base64.getEncoder();
        return new TeeStore.UasKeyRow(algorithm, b64.encodeToString(pair.getPublic().getEncoded()),
                b64.encodeToString(pair.getPrivate().getEncoded()), pem(cert), now);
    }

    private static KeyPair keyPair(TeeStore.UasKeyRow row) throws GeneralSecurityException {
        KeyFactory kf = row.algorithm().equals("RSA") ? KeyFactory.getInstance("RSA")
                : KeyFactory.getInstance("EC", Crypto.PROVIDER);
        PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(row.publicKey())));
        PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(row.privateKey())));
        return new KeyPair(pub, priv);
    }

    private static X509Certificate certificate(String pem) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509", Crypto.PROVIDER)
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    /** @return a certificate as PEM */
    static String pem(X509Certificate cert) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }

    /** @return a public key as PEM ({@code PUBLIC KEY}, SubjectPublicKeyInfo) */
    static String publicKeyPem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }
}
