/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi.component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

import com.google.protobuf.InvalidProtocolBufferException;

import io.hutong.algo.ecdhpsi.CsvItems;
import io.hutong.algo.ecdhpsi.EcSuite;
import io.hutong.algo.ecdhpsi.EcdhCipher;
import io.hutong.algo.ecdhpsi.EcdhPsiException;
import io.hutong.algo.ecdhpsi.EcdhPsiHandshake;
import io.hutong.algo.ecdhpsi.EcdhPsiSession;
import io.hutong.algo.ecdhpsi.HandshakeException;
import io.hutong.algo.ecdhpsi.LinkPsiChannel;
import io.hutong.algo.link.Link;
import io.hutong.algo.link.LinkContext;
import io.hutong.algo.link.LinkOptions;
import io.hutong.algo.link.Links;
import io.hutong.api.component.DataRef;
import io.hutong.api.component.TaskContext;
import io.hutong.api.crypto.X25519;
import io.hutong.protocol.interconnection.v2.HandshakeRequest;
import io.hutong.protocol.interconnection.v2.HandshakeResponse;

/**
 * One ECDH-PSI task on this node, as SecretFlow's interconnection container runs it: read and check the input,
 * connect to the peer over the link (P3), handshake (rank 0 decides), run the two-party computation, close the link
 * with the FIN accounting, write the result rows and a JSON report.
 */
final class EcdhPsiTask {

    /** Name of the input dataset and of the result output, as in the reference container. */
    static final String TRAIN_DATA = "train_data";
    /** Name of the optional report output; without it the report goes beside the result as {@code <name>.report.json}. */
    static final String REPORT = "report";
    /** Batches per stream being computed or waiting to be sent. */
    private static final int WINDOW = 8;

    private final TaskContext context;
    private final X25519 x25519;
    private final String version;
    private final LongConsumer processed;

    /** @param processed told how many more of this party's items were encrypted, as the PSI goes (the node's metrics) */
    EcdhPsiTask(TaskContext context, X25519 x25519, String version, LongConsumer processed) {
        this.context = context;
        this.x25519 = x25519;
        this.version = version;
        this.processed = processed;
    }

    void run() throws Exception {
        long start = System.nanoTime();
        Map<String, Object> timings = new LinkedHashMap<>();
        context.progress(0.01, "prepare");
        PsiParameters params = PsiParameters.of(context.parameters());
        for (String name : context.parameters().keySet()) {
            if (!known(name)) {
                context.log("parameter " + name + " is not used by ecdh_psi; ignored");
            }
        }

        List<String> roles = new ArrayList<>(context.nodeIds().keySet());
        roles.sort(null);   // ranks by lexicographic role order (spec 52 §2)
        String self = context.selfRole();
        if (roles.size() != 2 || !roles.contains(self)) {
            throw new IllegalArgumentException("ECDH-PSI runs between exactly two parties, this one among them; the task"
                    + " names " + roles + " (config.node_id.*) and this party is " + self + " (config.self_role)");
        }
        int selfRank = roles.indexOf(self);
        String peer = roles.get(1 - selfRank);
        boolean receives = params.resultToRank() == -1 || params.resultToRank() == selfRank;

        DataRef inputRef = input();
        Path input;
        try {
            input = context.storage().read(inputRef);
        } catch (NoSuchFileException e) {
            throw new IOException("input " + TRAIN_DATA + " " + describe(inputRef) + " is not in the storage "
                    + context.storage().uri(), e);
        }
        if (!Files.isReadable(input)) {
            throw new IOException("input " + TRAIN_DATA + " " + describe(inputRef) + " is not in the storage "
                    + context.storage().uri() + " (no file " + input + ")");
        }
        DataRef resultRef = context.outputs().get(TRAIN_DATA);
        if (receives && resultRef == null) {
            throw new IllegalArgumentException("this party (" + self + ", rank " + selfRank + ") receives the result"
                    + " (result_to_rank " + params.resultToRank() + ") but the task names no output " + TRAIN_DATA
                    + " (runtime.component.output." + TRAIN_DATA + ")");
        }
        long items = checkInput(input, params.fieldNames());
        context.log("ECDH-PSI " + self + " (rank " + selfRank + ") with " + peer + " (rank " + (1 - selfRank)
                + "): " + items + " rows of " + describe(inputRef) + ", keys " + params.fieldNames() + ", suite "
                + PsiParameters.describe(params.suite()) + "/" + PsiParameters.describe(params.format())
                + ", result_to_rank " + params.resultToRank());
        timings.put("prepare_ms", millisSince(start));

        EcdhPsiHandshake.Settings settings = new EcdhPsiHandshake.Settings(params.suite(), params.format(),
                params.resultToRank(), items, params.bitLengthAfterTruncated());
        if (params.suite() == EcSuite.CURVE25519_SHA256_DIRECT && x25519 == null) {
            throw new IllegalStateException("no X25519 provider is running on this node (bundle crypto-x25519-bc or"
                    + " crypto-x25519-fast); Curve25519 cannot be computed");
        }

        ExecutorService compute = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
            Thread t = new Thread(r, "ecdh-psi-compute-" + context.taskId());
            t.setDaemon(true);
            return t;
        });
        LinkOptions linkOptions = LinkOptions.defaults().withRecvTimeout(params.recvTimeout())
                .withConnectTimeout(params.connectTimeout());
        EcdhPsiSession.Result result;
        try (Link link = Links.open(context, peer, linkOptions)) {
            long t = System.nanoTime();
            context.progress(0.03, "connect");
            try {
                link.connect(params.connectTimeout());
            } catch (TimeoutException e) {
                throw new EcdhPsiException(peer + " did not join the task: " + e.getMessage(), e);
            }
            timings.put("connect_ms", millisSince(t));

            t = System.nanoTime();
            context.progress(0.05, "handshake");
            LinkContext root = LinkContext.root(link);
            EcdhPsiHandshake.Agreement agreement = handshake(root, settings, selfRank, peer, params.recvTimeout());
            timings.put("handshake_ms", millisSince(t));
            context.log("handshake done: " + PsiParameters.describe(agreement.suite()) + ", result_to_rank "
                    + agreement.resultToRank() + (agreement.peerItemNum() >= 0 ? ", peer has "
                            + agreement.peerItemNum() + " items" : ""));

            t = System.nanoTime();
            context.progress(0.1, "psi");
            EcdhCipher cipher = EcdhCipher.create(agreement.suite(), agreement.format(), x25519, new SecureRandom());
            EcdhPsiSession session = new EcdhPsiSession(cipher, compute, new LinkPsiChannel(root), selfRank,
                    agreement.resultToRank(), params.recvTimeout(), WINDOW);
            long peerEstimate = agreement.peerItemNum() >= 0 ? agreement.peerItemNum() : items;
            result = session.run(CsvItems.items(input, params.fieldNames()), items, agreement.peerItemNum(),
                    progress(items, peerEstimate, session.receivesResult()));
            timings.put("psi_ms", millisSince(t));

            t = System.nanoTime();
            context.progress(0.9, "finish");
            link.finish(params.recvTimeout());
            timings.put("finish_ms", millisSince(t));
        } finally {
            compute.shutdownNow();
        }

        long t = System.nanoTime();
        context.progress(0.95, "write");
        if (result.receivedResult()) {
            long written = writeAtomically(context.storage().write(resultRef),
                    tmp -> CsvItems.writeRows(input, result.intersection(), tmp));
            context.log("intersection: " + written + " of " + result.ownItems() + " rows written to "
                    + describe(resultRef));
        } else {
            context.log("intersection computed; the result goes to rank " + params.resultToRank() + " only");
        }
        timings.put("write_ms", millisSince(t));
        timings.put("total_ms", millisSince(start));

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("component", EcdhPsiComponent.NAME);
        report.put("version", version);
        report.put("task_id", context.taskId());
        report.put("self_role", self);
        report.put("self_rank", selfRank);
        report.put("peer_role", peer);
        report.put("curve_type", PsiParameters.name(params.suite().curve(), "CURVE_TYPE_"));
        report.put("hash_type", PsiParameters.name(params.suite().hash(), "HASH_TYPE_"));
        report.put("hash2curve_strategy", PsiParameters.name(params.suite().strategy(), "HASH_TO_CURVE_STRATEGY_"));
        report.put("point_octet_format", PsiParameters.describe(params.format()));
        report.put("x25519_provider", params.suite() == EcSuite.CURVE25519_SHA256_DIRECT ? x25519.name() : null);
        report.put("result_to_rank", params.resultToRank());
        report.put("received_result", result.receivedResult());
        report.put("self_items", result.ownItems());
        report.put("peer_items", result.peerItems());
        report.put("intersection_count", result.receivedResult() ? result.intersectionSize() : null);
        report.put("timings", timings);
        long psiMillis = (Long) timings.get("psi_ms");
        report.put("items_per_second", psiMillis == 0 ? null : Math.round(result.ownItems() * 1000.0 / psiMillis));
        DataRef reportRef = context.outputs().get(REPORT);
        if (reportRef == null && resultRef != null) {
            reportRef = new DataRef(resultRef.namespace(), resultRef.name() + ".report.json");
        }
        String json = Json.write(report);
        if (reportRef != null) {
            writeAtomically(context.storage().write(reportRef), tmp -> {
                Files.writeString(tmp, json + "\n", StandardCharsets.UTF_8);
                return 0;
            });
        }
        context.log("report: " + json);
        context.progress(1.0, "done");
    }

    /** The handshake: every rank but 0 proposes, rank 0 decides (spec 51 §2), on the first messages of {@code root}. */
    private EcdhPsiHandshake.Agreement handshake(LinkContext root, EcdhPsiHandshake.Settings settings, int selfRank,
            String peer, Duration timeout) throws Exception {
        try {
            if (selfRank == 0) {
                HandshakeRequest request;
                try {
                    request = HandshakeRequest.parseFrom(root.receive(timeout));
                } catch (InvalidProtocolBufferException e) {
                    throw new EcdhPsiException(peer + " sent a first message that is not a HandshakeRequest", e);
                }
                EcdhPsiHandshake.Decision decision = EcdhPsiHandshake.respond(settings, List.of(request));
                root.send(decision.response().toByteArray());
                if (!decision.accepted()) {
                    HandshakeResponse r = decision.response();
                    throw new EcdhPsiException("handshake refused: " + peer + " proposed parameters this party does"
                            + " not run (" + r.getHeader().getErrorMsg() + ", error " + r.getHeader().getErrorCode()
                            + "); this party runs " + describe(settings));
                }
                return decision.agreement().orElseThrow();
            }
            root.send(EcdhPsiHandshake.request(settings, selfRank).toByteArray());
            HandshakeResponse response;
            try {
                response = HandshakeResponse.parseFrom(root.receive(timeout));
            } catch (InvalidProtocolBufferException e) {
                throw new EcdhPsiException(peer + " answered the handshake with something that is not a"
                        + " HandshakeResponse", e);
            }
            return EcdhPsiHandshake.accept(settings, response);
        } catch (HandshakeException e) {
            throw new EcdhPsiException("handshake with " + peer + " failed: " + e.getMessage() + "; this party runs "
                    + describe(settings), e);
        } catch (TimeoutException e) {
            throw new EcdhPsiException("handshake with " + peer + " failed: " + e.getMessage(), e);
        }
    }

    private static String describe(EcdhPsiHandshake.Settings s) {
        return PsiParameters.describe(s.suite()) + "/" + PsiParameters.describe(s.format()) + ", result_to_rank "
                + s.resultToRank();
    }

    private DataRef input() {
        Map<String, DataRef> inputs = context.inputs();
        DataRef ref = inputs.get(TRAIN_DATA);
        if (ref == null && inputs.size() == 1) {
            ref = inputs.values().iterator().next();
        }
        if (ref == null) {
            throw new IllegalArgumentException("the task names no input " + TRAIN_DATA + " (runtime.component.input."
                    + TRAIN_DATA + "); inputs given: " + inputs.keySet());
        }
        return ref;
    }

    /** Reads every row once before anything goes on the wire, so a broken input fails here, not mid-run. */
    private static long checkInput(Path input, List<String> keys) throws IOException {
        long rows = 0;
        try {
            Iterator<byte[]> it = CsvItems.items(input, keys);
            while (it.hasNext()) {
                it.next();
                rows++;
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("input " + input.getFileName() + ": " + e.getMessage()
                    + " (parameter field_names)", e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return rows;
    }

    /**
     * Progress over the PSI stage (0.1 to 0.9) as the share of the run's work done: this party's encryptions of its
     * items, its dual encryptions of the peer's items and, when it receives the result, the dual values of its
     * items the peer computed. Counting the work itself, not the items read (which run ahead by the window),
     * keeps the progress moving through the whole stage (decision PSI13). Never goes back; reported in
     * steps of at least 0.5 %.
     */
    private EcdhPsiSession.Work progress(long ownItems, long peerEstimate, boolean receives) {
        double[] shown = {0.1};
        long[] counted = {0};
        return (encrypted, dualed, received, peerItems) -> {
            long more;
            synchronized (counted) {
                more = encrypted - counted[0];
                counted[0] = Math.max(counted[0], encrypted);
            }
            if (more > 0) {
                processed.accept(more);
            }
            // the peer's count from the handshake or, on the side it does not tell, our own until its stream ends
            long peer = peerItems >= 0 ? peerItems : Math.max(peerEstimate, dualed);
            double total = ownItems + peer + (receives ? ownItems : 0);
            double fraction = 0.1 + 0.8 * (total <= 0 ? 1.0 : Math.min(1.0, (encrypted + dualed + received) / total));
            synchronized (shown) {
                if (fraction >= shown[0] + 0.005 || fraction >= 0.9 && shown[0] < 0.9) {
                    shown[0] = fraction;
                    context.progress(fraction, "psi");
                }
            }
        };
    }

    private interface Writer {
        long write(Path tmp) throws IOException;
    }

    /** Writes through a temporary file and a move, so nothing half-written is ever published. */
    private static long writeAtomically(Path target, Writer writer) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        try {
            long n = writer.write(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return n;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static boolean known(String parameter) {
        return PsiParameters.ACCEPTED_WITHOUT_EFFECT.contains(parameter) || List.of(PsiParameters.ALGO,
                PsiParameters.PROTOCOL_FAMILIES, PsiParameters.CURVE_TYPE, PsiParameters.HASH_TYPE,
                PsiParameters.HASH2CURVE_STRATEGY, PsiParameters.POINT_OCTET_FORMAT,
                PsiParameters.BIT_LENGTH_AFTER_TRUNCATED, PsiParameters.RESULT_TO_RANK, PsiParameters.FIELD_NAMES,
                PsiParameters.RECV_TIMEOUT_MS, PsiParameters.CONNECT_TIMEOUT_MS).contains(parameter);
    }

    private static String describe(DataRef ref) {
        return ref.namespace() + "/" + ref.name();
    }

    private static long millisSince(long nanoStart) {
        return (System.nanoTime() - nanoStart) / 1_000_000;
    }
}
