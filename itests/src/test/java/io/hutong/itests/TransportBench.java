/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.hutong.itests.TransportNodes.Node;

/**
 * The transport benchmark (not part of the normal build: run it with
 * {@code mvn -B verify -pl itests -am -Dit.test=TransportBench}): two nodes on loopback, a container
 * pushing on alice with the gRPC container API and another popping on bob, east-west over HTTP and
 * then over gRPC, for 1 KiB, 64 KiB and 1 MiB messages; and in the same run a raw grpc-java echo
 * between two plain processes as the baseline. Prints MB/s, msgs/s, p50/p99 push→pop latency and
 * the ratio Hutong/raw.
 */
class TransportBench {

    @TempDir
    Path tmp;

    static final MethodDescriptor<byte[], byte[]> PUSH = method("org.ppc.ptp.PrivateTransferTransport/push");
    static final MethodDescriptor<byte[], byte[]> POP = method("org.ppc.ptp.PrivateTransferTransport/pop");

    private static MethodDescriptor<byte[], byte[]> method(String name) {
        return MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(name)
                .setRequestMarshaller(RawGrpcEcho.RAW).setResponseMarshaller(RawGrpcEcho.RAW).build();
    }

    record Result(double mbPerS, double msgsPerS, double p50Ms, double p99Ms) {
        @Override
        public String toString() {
            return String.format("%9.1f MB/s %9.0f msgs/s  p50 %7.2f ms  p99 %7.2f ms", mbPerS, msgsPerS, p50Ms, p99Ms);
        }
    }

    @Test
    void benchmark() throws Exception {
        int[] sizes = {1024, 64 * 1024, 1024 * 1024};
        int[] counts = {5000, 1000, 200};
        StringBuilder report = new StringBuilder("\nPTP transport benchmark (loopback, one stream, one in flight)\n");

        int echoPort = NodeOptions.freePort();
        Process echo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), RawGrpcEcho.class.getName(), "" + echoPort)
                .redirectErrorStream(true).start();
        try (TransportNodes nodes = new TransportNodes(tmp)) {
            echo.getInputStream().read(new byte[11]);
            CompletableFuture<Node> b = CompletableFuture.supplyAsync(() -> {
                try {
                    return nodes.start("bob");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Node alice = nodes.start("alice");
            Node bob = b.get(200, TimeUnit.SECONDS);
            ManagedChannel toAlice = NettyChannelBuilder.forAddress("127.0.0.1", port(alice)).usePlaintext()
                    .maxInboundMessageSize(256 << 20).build();
            ManagedChannel toBob = NettyChannelBuilder.forAddress("127.0.0.1", port(bob)).usePlaintext()
                    .maxInboundMessageSize(256 << 20).build();
            ManagedChannel toEcho = NettyChannelBuilder.forAddress("127.0.0.1", echoPort).usePlaintext()
                    .maxInboundMessageSize(256 << 20).build();
            for (int i = 0; i < sizes.length; i++) {
                Result raw = raw(toEcho, sizes[i], counts[i]);
                report.append(String.format("%-8s raw grpc-java echo   %s%n", label(sizes[i]), raw));
                for (String protocol : new String[] {"http", "grpc"}) {
                    int peerPort = "http".equals(protocol) ? bob.eastWest : port(bob);
                    assertEquals(200, TransportNodes.send(alice.adminUrl("/v1/admin/routes/bob"), "PUT", Map.of(), "application/json",
                            ("{\"address\":\"127.0.0.1:" + peerPort + "\",\"protocol\":\"" + protocol + "\"}").getBytes()).status());
                    Result r = hutong(toAlice, toBob, protocol + "-" + sizes[i], sizes[i], counts[i]);
                    report.append(String.format("%-8s hutong east-west %-4s %s  ratio %.2f%n", label(sizes[i]), protocol, r,
                            r.mbPerS() / raw.mbPerS()));
                }
            }
            toAlice.shutdownNow();
            toBob.shutdownNow();
            toEcho.shutdownNow();
        } finally {
            echo.destroyForcibly();
        }
        System.out.println(report);
        java.nio.file.Files.writeString(Path.of("target", "transport-bench.txt"), report);
    }

    private static String label(int size) {
        return size >= 1024 * 1024 ? size / (1024 * 1024) + " MiB" : size / 1024 + " KiB";
    }

    private static int port(Node n) throws Exception {
        return TransportNodes.JSON.readTree(n.data.resolve("run/ready.json").toFile()).path("ports").path("grpc").asInt();
    }

    private static Result raw(ManagedChannel ch, int size, int count) {
        byte[] payload = new byte[size];
        for (int i = 0; i < 50; i++) {
            ClientCalls.blockingUnaryCall(ch, RawGrpcEcho.ECHO, CallOptions.DEFAULT, payload);
        }
        List<Double> lat = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long t = System.nanoTime();
            ClientCalls.blockingUnaryCall(ch, RawGrpcEcho.ECHO, CallOptions.DEFAULT, payload);
            lat.add((System.nanoTime() - t) / 1e6);
        }
        return result(size, count, System.nanoTime() - start, lat);
    }

    /** A producer pushes {@code count} messages on alice; a consumer pops them on bob; each carries its send time. */
    private static Result hutong(ManagedChannel alice, ManagedChannel bob, String session, int size, int count) throws Exception {
        List<Double> lat = Collections.synchronizedList(new ArrayList<>());
        Thread consumer = new Thread(() -> {
            int got = 0;
            while (got < count) {
                byte[] out = call(bob, POP, Map.of("x-ptp-session-id", session), popInbound(30_000));
                byte[] content = Proto.bytes(out, 2);
                if (content != null) {
                    lat.add((System.nanoTime() - ByteBuffer.wrap(content).getLong()) / 1e6);
                    got++;
                }
            }
        });
        long start = System.nanoTime();
        consumer.start();
        Map<String, String> h = Map.of("x-ptp-session-id", session, "x-ptp-target-node-id", "bob");
        for (int i = 0; i < count; i++) {
            byte[] payload = new byte[size];
            ByteBuffer.wrap(payload).putLong(System.nanoTime());
            while (true) {
                byte[] out = call(alice, PUSH, h, Proto.concat(Proto.field(1, "t".getBytes()), Proto.field(2, payload)));
                if ("E0000000000".equals(Proto.string(out, 3))) {
                    break;
                }
                Thread.sleep(5); // E0000000700: the outbound queue is full, back off as a container does
            }
        }
        consumer.join();
        return result(size, count, System.nanoTime() - start, lat);
    }

    private static Result result(int size, int count, long nanos, List<Double> lat) {
        List<Double> sorted = new ArrayList<>(lat);
        Collections.sort(sorted);
        double secs = nanos / 1e9;
        return new Result((double) size * count / secs / 1e6, count / secs, sorted.get(sorted.size() / 2),
                sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)));
    }

    private static byte[] call(ManagedChannel ch, MethodDescriptor<byte[], byte[]> m, Map<String, String> headers, byte[] req) {
        Metadata md = new Metadata();
        headers.forEach((k, v) -> md.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
        return ClientCalls.blockingUnaryCall(ClientInterceptors.intercept(ch, MetadataUtils.newAttachHeadersInterceptor(md)),
                m, CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS), req);
    }

    private static byte[] popInbound(int timeoutMs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Proto.field(1, "t".getBytes()));
        out.write(0x10);
        Proto.varint(out, timeoutMs);
        return out.toByteArray();
    }
}
