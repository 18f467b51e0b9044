/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.http.impl;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;

import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.PtpHeaders;
import io.hutong.api.transport.dialect.ChannelCall;
import io.hutong.api.transport.dialect.ChannelReply;
import io.hutong.api.transport.dialect.ChannelRequest;
import io.hutong.api.transport.dialect.ContainerDialect;
import io.hutong.api.transport.dialect.EncodedReply;
import io.hutong.fuzz.ByteMutation;
import io.hutong.fuzz.FuzzCounts;
import io.hutong.fuzz.JsonMutation;
import io.hutong.protocol.ptp.PeekInbound;
import io.hutong.protocol.ptp.PopInbound;
import io.hutong.protocol.ptp.PushInbound;
import io.hutong.protocol.ptp.ReleaseInbound;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzing the container API's request decoding (spec 40 §3.2) in its three forms, JSON, protobuf and
 * the SecretFlow (Kuscia) dialect: bodies mutated from valid ones, with odd Content-Types and PTP
 * headers. The dialect is chosen as the node chooses it (SecretFlow when it recognises the request,
 * else the standard one). Every request must decode or be refused with a {@link PtpException}
 * carrying a client-side {@code E0000000xxx} code, and every answer must encode.
 */
class ContainerApiFuzzTest {

    private static final FuzzCounts TRIED = new FuzzCounts();
    private static final ContainerDialect STANDARD = new StandardDialect();
    private static final ContainerDialect SECRETFLOW = new SecretFlowDialect();
    private static final List<String> OPERATIONS = List.of("push", "pop", "peek", "release");

    @AfterContainer
    static void report() {
        TRIED.print();
    }

    @Property(tries = 1200)
    void jsonBodiesDecodeOrAreRefusedWithACode(@ForAll("operations") String op, @ForAll("jsonBodies") String body,
                                               @ForAll("jsonContentTypes") String contentType, @ForAll("headers") Map<String, String> headers) {
        check("container-api-json", new ChannelRequest(op, headers, Map.of(), contentType, body.getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 1500)
    void protobufBodiesDecodeOrAreRefusedWithACode(@ForAll("operations") String op, @ForAll("protobufBodies") byte[] body,
                                                   @ForAll("headers") Map<String, String> headers) {
        check("container-api-protobuf", new ChannelRequest(op, headers, Map.of(), "application/x-protobuf", body));
    }

    @Property(tries = 500)
    void secretFlowRequestsDecodeOrAreRefusedWithACode(@ForAll("anyOperation") String op, @ForAll("protobufBodies") byte[] body,
                                                       @ForAll("headers") Map<String, String> headers, @ForAll("anyContentType") String contentType) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(PtpHeaders.TECN_PROVIDER_CODE, "SecretFlow");
        check("container-api-secretflow", new ChannelRequest(op, h, Map.of("timeout", "5"), contentType, body));
    }

    private static void check(String target, ChannelRequest request) {
        ContainerDialect dialect = SECRETFLOW.matches(request) ? SECRETFLOW : STANDARD;
        STANDARD.matches(request);
        String outcome;
        try {
            ChannelCall call = dialect.decode(request);
            assertNotNull(call);
            outcome = "decoded";
        } catch (PtpException refused) {
            assertTrue(refused.code().matches("E0000000[0-9]{3}"), refused.code());
            // the container sent something wrong: a codec or request error, never the node's own failure
            assertTrue(List.of(PtpCodes.CODEC, PtpCodes.BAD_REQUEST, PtpCodes.TOO_LARGE).contains(refused.code()),
                    refused.code() + " " + refused.getMessage());
            assertNotNull(refused.getMessage());
            outcome = refused.code();
        }
        TRIED.tried(target, outcome);
        // the answer to it encodes in the request's dialect, whatever the request looked like
        EncodedReply reply = dialect.encode(request, new ChannelReply(PtpCodes.CODEC, "refused", null));
        assertTrue(reply.body().length > 0 && !reply.contentType().isEmpty());
    }

    @Provide
    Arbitrary<String> operations() {
        return Arbitraries.of(OPERATIONS);
    }

    @Provide
    Arbitrary<String> anyOperation() {
        return Arbitraries.oneOf(Arbitraries.of(OPERATIONS), Arbitraries.strings().ofMaxLength(12));
    }

    @Provide
    Arbitrary<String> jsonBodies() {
        return Arbitraries.oneOf(
                JsonMutation.of("{\"payload\":\"aGVsbG8gd29ybGQ=\",\"topic\":\"t-1\",\"metadata\":{\"k\":\"v\",\"x-ptp-message-id\":\"m1\"}}"),
                JsonMutation.of("{\"topic\":\"t-1\",\"timeout\":1500}"),
                JsonMutation.of("{\"topic\":\"t-1\",\"timeout\":\"20\"}"),
                Arbitraries.strings().ofMaxLength(200));
    }

    @Provide
    Arbitrary<String> jsonContentTypes() {
        return Arbitraries.of("application/json", "application/json; charset=utf-8", "text/json", "application/vnd.x+json", "",
                "APPLICATION/JSON", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x");
    }

    @Provide
    Arbitrary<String> anyContentType() {
        return Arbitraries.oneOf(jsonContentTypes(), Arbitraries.of("application/x-protobuf", "application/octet-stream"),
                Arbitraries.strings().ofMaxLength(40));
    }

    @Provide
    Arbitrary<byte[]> protobufBodies() {
        byte[] push = PushInbound.newBuilder().setTopic("t-1").setPayload(ByteString.copyFromUtf8("hello world"))
                .putMetadata("k", "v").build().toByteArray();
        byte[] pop = PopInbound.newBuilder().setTopic("t-1").setTimeout(1500).build().toByteArray();
        byte[] peek = PeekInbound.newBuilder().setTopic("t-1").build().toByteArray();
        byte[] release = ReleaseInbound.newBuilder().setTopic("t-1").setTimeout(20).build().toByteArray();
        return Arbitraries.oneOf(ByteMutation.of(push), ByteMutation.of(pop), ByteMutation.of(peek), ByteMutation.of(release),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300));
    }

    @Provide
    Arbitrary<Map<String, String>> headers() {
        Arbitrary<String> names = Arbitraries.of(PtpHeaders.SESSION_ID, PtpHeaders.TOPIC, PtpHeaders.TARGET_NODE_ID,
                PtpHeaders.SOURCE_NODE_ID, PtpHeaders.MESSAGE_ID, PtpHeaders.TOKEN, PtpHeaders.URI, PtpHeaders.TECH_PROVIDER_CODE,
                "content-length", "x-unknown");
        Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.of("", "session_t1", "bob", "../../etc/passwd", "x".repeat(20_000),
                "\u0000\r\n", "-1"), Arbitraries.strings().ofMaxLength(64));
        return Combinators.combine(names, values).as(Map::entry).list().ofMaxSize(6).map(entries -> {
            Map<String, String> m = new LinkedHashMap<>();
            entries.forEach(e -> m.put(e.getKey(), e.getValue()));
            return m;
        });
    }
}
