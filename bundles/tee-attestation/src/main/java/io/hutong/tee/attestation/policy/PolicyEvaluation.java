/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.policy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import io.hutong.api.tee.TeeAttributes;
import io.hutong.tee.attestation.impl.Crypto;
import io.hutong.tee.attestation.impl.Pem;
import io.hutong.tee.attestation.model.AttestationJson;
import io.hutong.tee.attestation.model.UnifiedAttestationAttributes;
import io.hutong.tee.attestation.model.UnifiedAttestationNestedReports;
import io.hutong.tee.attestation.model.UnifiedAttestationNestedResults;
import io.hutong.tee.attestation.model.UnifiedAttestationPolicy;

/**
 * Evaluates a UnifiedAttestationPolicy (spec 60 §5.2) over the attributes of a report whose evidence
 * has already been verified.
 *
 * <p>The rules are those of the reference implementation: the policy's public key must be the one
 * bound in the report; {@code main_attributes} entries are alternatives (the first full match wins, an
 * empty list fails); in an entry an empty expected value is ignored; {@code str_min_isvsvn} is a
 * decimal minimum; {@code bool_debug_disabled} compares as a boolean; hex values compare without
 * regard to case; {@code hex_user_data} and {@code hex_nonce} match when the report's value starts with
 * the expected one (decision TEE-2); {@code hex_hash_or_pem_pubkey} matches the hash itself or a PEM
 * whose SHA-256 it is; nested reports are matched by position after the signature over the exact
 * {@code json_nested_results} text is checked with the policy's key. {@code str_tee_identity} is not
 * compared, as in the reference: it names an instance, not a kind of TEE.
 */
public final class PolicyEvaluation {

    private static final List<String> EXACT_HEX = List.of(
            TeeAttributes.PLATFORM_HW_VERSION, TeeAttributes.PLATFORM_SW_VERSION, TeeAttributes.SECURE_FLAGS,
            TeeAttributes.PLATFORM_MEASUREMENT, TeeAttributes.BOOT_MEASUREMENT, TeeAttributes.TA_MEASUREMENT,
            TeeAttributes.TA_DYN_MEASUREMENT, TeeAttributes.SIGNER, TeeAttributes.PROD_ID);

    private PolicyEvaluation() {
    }

    /**
     * @param policy     the policy
     * @param attributes the attributes of the main TEE, from a verified report
     * @param nested     the report's nested reports, or {@code null} when it has none
     * @return the verdict; a failure names the attribute and both values
     */
    public static PolicyVerdict evaluate(UnifiedAttestationPolicy policy, UnifiedAttestationAttributes attributes,
            UnifiedAttestationNestedReports nested) {
        String pem = policy.pemPublicKey();
        String boundKey = attributes.get(TeeAttributes.HASH_OR_PEM_PUBKEY);
        if (!pem.isEmpty() && !hashMatches(pem, boundKey)) {
            return PolicyVerdict.fail("pem_public_key: expected SHA-256 " + Pem.sha256Hex(pem) + " of the policy key, actual "
                    + TeeAttributes.HASH_OR_PEM_PUBKEY + " " + show(boundKey));
        }
        PolicyVerdict main = matchAny("main_attributes", policy.mainAttributes(), attributes);
        if (!main.passed()) {
            return main;
        }
        return evaluateNested(policy, nested);
    }

    /**
     * Compares one attribute set against one expected set.
     *
     * @return a pass, or the first attribute that does not match with both values
     */
    public static PolicyVerdict matches(UnifiedAttestationAttributes expected, UnifiedAttestationAttributes actual) {
        List<String> keys = new ArrayList<>();
        keys.add(TeeAttributes.TEE_PLATFORM);
        keys.addAll(EXACT_HEX);
        keys.addAll(List.of(TeeAttributes.MIN_ISVSVN, TeeAttributes.DEBUG_DISABLED, TeeAttributes.USER_DATA,
                TeeAttributes.HASH_OR_PEM_PUBKEY, TeeAttributes.NONCE, TeeAttributes.SPID));
        for (String key : keys) {
            String want = expected.get(key);
            String have = actual.get(key);
            if (want.isEmpty()) {
                continue; // the reference ignores what a policy leaves empty
            }
            String problem = compare(key, want, have);
            if (problem != null) {
                return PolicyVerdict.fail(problem);
            }
        }
        return PolicyVerdict.PASS;
    }

    private static String compare(String key, String want, String have) {
        boolean ok;
        String how = "expected";
        switch (key) {
            case TeeAttributes.TEE_PLATFORM -> ok = want.equals(have);
            case TeeAttributes.MIN_ISVSVN -> {
                how = "expected at least";
                BigInteger min = decimal(want);
                BigInteger is = decimal(have);
                if (min == null) {
                    return key + ": policy value " + show(want) + " is not a decimal number (actual " + show(have) + ")";
                }
                ok = is != null && is.compareTo(min) >= 0;
            }
            case TeeAttributes.DEBUG_DISABLED -> ok = bool(want) == bool(have);
            case TeeAttributes.USER_DATA, TeeAttributes.NONCE -> {
                how = "expected prefix";
                ok = upper(have).startsWith(upper(want));
            }
            case TeeAttributes.HASH_OR_PEM_PUBKEY -> ok = hashMatches(want, have);
            default -> ok = upper(want).equals(upper(have));
        }
        return ok ? null : key + ": " + how + " " + show(want) + ", actual " + show(have);
    }

    private static PolicyVerdict matchAny(String what, List<UnifiedAttestationAttributes> alternatives,
            UnifiedAttestationAttributes actual) {
        if (alternatives.isEmpty()) {
            return PolicyVerdict.fail(what + ": empty, so nothing can match");
        }
        List<String> misses = new ArrayList<>();
        for (int i = 0; i < alternatives.size(); i++) {
            PolicyVerdict v = matches(alternatives.get(i), actual);
            if (v.passed()) {
                return v;
            }
            misses.add(alternatives.size() == 1 ? v.reason() : what + "[" + i + "] " + v.reason());
        }
        return PolicyVerdict.fail(String.join("; ", misses));
    }

    private static PolicyVerdict evaluateNested(UnifiedAttestationPolicy policy, UnifiedAttestationNestedReports nested) {
        String results = nested == null || nested.jsonNestedResults() == null ? "" : nested.jsonNestedResults();
        if (results.isEmpty() && policy.nestedPolicies().isEmpty()) {
            return PolicyVerdict.PASS;
        }
        List<UnifiedAttestationAttributes> subs;
        try {
            subs = results.isEmpty() ? List.of()
                    : AttestationJson.read(results, UnifiedAttestationNestedResults.class).results();
        } catch (IllegalArgumentException e) {
            return PolicyVerdict.fail("json_nested_results: " + e.getMessage());
        }
        if (subs.size() != policy.nestedPolicies().size()) {
            return PolicyVerdict.fail("nested_policies: expected " + policy.nestedPolicies().size()
                    + " nested reports, actual " + subs.size());
        }
        if (policy.pemPublicKey().isEmpty()) {
            return PolicyVerdict.fail("pem_public_key: expected the key that signs nested results, actual empty");
        }
        String signatureProblem = checkNestedSignature(policy.pemPublicKey(), results, nested.b64NestedSignature());
        if (signatureProblem != null) {
            return PolicyVerdict.fail(signatureProblem);
        }
        for (int i = 0; i < subs.size(); i++) {
            PolicyVerdict v = matchAny("nested_policies[" + i + "].sub_attributes",
                    policy.nestedPolicies().get(i).subAttributes(), subs.get(i));
            if (!v.passed()) {
                return PolicyVerdict.fail("nested report " + i + ": " + v.reason());
            }
        }
        return PolicyVerdict.PASS;
    }

    private static String checkNestedSignature(String pem, String signedText, String b64Signature) {
        try {
            PublicKey key = Pem.publicKey(pem);
            byte[] signature = Base64.getDecoder().decode(b64Signature == null ? "" : b64Signature);
            Signature verifier = Signature.getInstance("SHA256withRSA", Crypto.PROVIDER);
            verifier.initVerify(key);
            verifier.update(signedText.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(signature) ? null
                    : "b64_nested_signature: does not verify over json_nested_results with pem_public_key";
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return "b64_nested_signature: cannot be checked with pem_public_key: " + e.getMessage();
        }
    }

    private static boolean hashMatches(String hashOrPem, String boundHash) {
        return upper(hashOrPem).equals(upper(boundHash)) || Pem.sha256Hex(hashOrPem).equals(upper(boundHash));
    }

    private static BigInteger decimal(String s) {
        try {
            return new BigInteger(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // the reference reads "true" and "1" as true, anything else as false
    private static boolean bool(String s) {
        return "true".equals(s) || "1".equals(s);
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    private static String show(String s) {
        return s.isEmpty() ? "(empty)" : "\"" + s + "\"";
    }
}
