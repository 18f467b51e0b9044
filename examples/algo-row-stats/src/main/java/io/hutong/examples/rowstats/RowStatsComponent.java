/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.examples.rowstats;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.osgi.service.component.annotations.Component;

import io.hutong.algo.link.Link;
import io.hutong.algo.link.LinkContext;
import io.hutong.algo.link.LinkOptions;
import io.hutong.algo.link.Links;
import io.hutong.api.component.AlgorithmComponent;
import io.hutong.api.component.ComponentDescription;
import io.hutong.api.component.DataRef;
import io.hutong.api.component.TaskContext;

/**
 * The algorithm component {@value #NAME}: two parties each summarise a numeric column of their CSV dataset (count,
 * sum, min, max), exchange the summaries over the algorithm link, and each writes its own, the peer's and the combined
 * statistics as JSON. Each party learns the other's exact aggregates, never its rows.
 */
@Component(service = {AlgorithmComponent.class, ComponentDescription.class})
public final class RowStatsComponent implements AlgorithmComponent {

    /** The {@code componentName}. */
    public static final String NAME = "row_stats";
    /** The component version. */
    public static final String VERSION = "1.0.0";
    /** The default of {@code recv_timeout_ms}: the longest wait for the peer's statistics. */
    public static final long RECV_TIMEOUT_MS = 30_000;
    /** The default of {@code connect_timeout_ms}: the longest wait for the peer's task to start. */
    public static final long CONNECT_TIMEOUT_MS = 120_000;

    /** Timeouts above an hour are a typo, not a plan. */
    private static final long MAX_TIMEOUT_MS = 3_600_000;
    /** A statistics message is 36 bytes; a peer's message claiming more than this fails in the link already. */
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;

    private static final Map<String, Object> SELF_DESCRIPTION = selfDescriptionDocument();

    @Override
    public Map<String, Object> selfDescription() {
        return SELF_DESCRIPTION;
    }

    @Override
    public String category() {
        return "STATISTICS";
    }

    @Override
    public String developer() {
        return "The Hutong Authors";
    }

    @Override
    public void run(TaskContext ctx) throws Exception {
        String column = ctx.parameter("column").map(String::strip).filter(c -> !c.isEmpty())
                .orElseThrow(() -> new IllegalArgumentException("parameter column is required: the name of the"
                        + " numeric CSV column to summarise"));
        LinkOptions options = LinkOptions.defaults()
                .withRecvTimeout(Duration.ofMillis(millis(ctx, "recv_timeout_ms", RECV_TIMEOUT_MS)))
                .withConnectTimeout(Duration.ofMillis(millis(ctx, "connect_timeout_ms", CONNECT_TIMEOUT_MS)))
                .withChunkBytes(MAX_MESSAGE_BYTES).withMaxMessageBytes(MAX_MESSAGE_BYTES);
        DataRef input = ref(ctx.inputs(), "data", "input");
        DataRef output = ref(ctx.outputs(), "result", "output");

        // the input first: a bad column fails at once, without waiting for the peer
        ctx.progress(0.05, "compute");
        ColumnStats own = ColumnReader.read(ctx.storage().read(input), column);
        ctx.log("column '" + column + "': " + own.count() + " rows");

        ctx.progress(0.3, "connect");
        ColumnStats peer;
        String peerRole;
        try (Link link = Links.open(ctx, options)) {
            peerRole = Links.ranks(ctx).get(link.peerRank());
            try {
                link.connect();
            } catch (TimeoutException e) {
                throw new TimeoutException("peer " + peerRole + " did not join the task within "
                        + options.connectTimeout().toMillis() + " ms (connect_timeout_ms)");
            }
            ctx.progress(0.5, "exchange");
            LinkContext root = LinkContext.root(link);
            root.send(own.encode());
            byte[] answer;
            try {
                answer = root.receive(options.recvTimeout());
            } catch (TimeoutException e) {
                throw new TimeoutException("peer " + peerRole + " sent no statistics within "
                        + options.recvTimeout().toMillis() + " ms (recv_timeout_ms)");
            }
            try {
                peer = ColumnStats.decode(answer);
            } catch (IllegalArgumentException e) {
                throw new IOException("peer " + peerRole + " sent malformed statistics: " + e.getMessage(), e);
            }
            link.finish();
        }

        ctx.progress(0.9, "write");
        ColumnStats combined;
        try {
            combined = own.combine(peer);
        } catch (ArithmeticException e) {
            throw new IOException("cannot combine with peer " + peerRole + "'s statistics: " + e.getMessage(), e);
        }
        writeAtomically(ctx.storage().write(output), json(column, ctx.selfRole(), peerRole, own, peer, combined));
        ctx.log("combined: " + combined.count() + " rows, mean " + combined.mean());
        ctx.progress(1.0, "done");
    }

    private static long millis(TaskContext ctx, String name, long defaultValue) {
        String v = ctx.parameter(name).map(String::strip).orElse("");
        if (v.isEmpty()) {
            return defaultValue;
        }
        long ms;
        try {
            ms = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter " + name + " must be a whole number of milliseconds, not '"
                    + v + "'");
        }
        if (ms < 1 || ms > MAX_TIMEOUT_MS) {
            throw new IllegalArgumentException("parameter " + name + " must be 1 to " + MAX_TIMEOUT_MS + " ms, not "
                    + ms);
        }
        return ms;
    }

    private static DataRef ref(Map<String, DataRef> refs, String name, String what) {
        DataRef r = refs.get(name);
        if (r == null) {
            throw new IllegalArgumentException("the task has no " + what + " '" + name + "'; it has " + refs.keySet());
        }
        return r;
    }

    /** The result document; every number is finite here (ColumnStats refuses others), an empty mean is null. */
    static String json(String column, String selfRole, String peerRole, ColumnStats own, ColumnStats peer,
            ColumnStats combined) {
        return "{\"component\":\"" + NAME + "\",\"column\":" + quote(column) + ",\"self_role\":" + quote(selfRole)
                + ",\"peer_role\":" + quote(peerRole) + ",\"own\":" + json(own) + ",\"peer\":" + json(peer)
                + ",\"combined\":" + json(combined) + "}\n";
    }

    private static String json(ColumnStats s) {
        boolean empty = s.count() == 0;
        return "{\"count\":" + s.count() + ",\"sum\":" + s.sum() + ",\"mean\":" + (empty ? "null" : s.mean())
                + ",\"min\":" + (empty ? "null" : s.min()) + ",\"max\":" + (empty ? "null" : s.max()) + "}";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** Writes through a temporary file and a move: the runtime never publishes a half-written result. */
    private static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(content);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Map<String, Object> selfDescriptionDocument() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("componentName", NAME);
        d.put("title", "Row statistics");
        d.put("provider", "hutong-examples");
        d.put("version", VERSION);
        d.put("description", "Two parties exchange count, sum, min and max of a numeric column of their CSV datasets"
                + " and each writes its own, the peer's and the combined statistics (count, sum, mean, min, max)."
                + " Each party learns the other's exact aggregates, never its rows.");
        d.put("roleList", List.of("guest", "host"));
        d.put("desVersion", "1.2.0");
        // it reads and writes only through TaskContext.storage(), which the runtime offers for both
        d.put("storageEngine", List.of("file", "s3"));
        d.put("inputParam", List.of(
                param("column", "string", null, "the numeric CSV column to summarise"),
                param("recv_timeout_ms", "integer", String.valueOf(RECV_TIMEOUT_MS),
                        "longest wait for the peer's statistics, in ms (1 to 3600000)"),
                param("connect_timeout_ms", "integer", String.valueOf(CONNECT_TIMEOUT_MS),
                        "longest wait for the peer's task to start, in ms (1 to 3600000)")));
        d.put("inputData", List.of(data("data", "dataset", "csv")));
        d.put("outputData", List.of(data("result", "report", "json")));
        d.put("result", List.of(
                Map.of("resultCode", "0", "resultMessage", "success"),
                Map.of("resultCode", "1", "resultMessage", "failed; the task reason says why")));
        return Collections.unmodifiableMap(d);
    }

    private static Map<String, Object> param(String name, String type, String defaultValue, String title) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("title", title);
        p.put("type", type);
        p.put("optional", defaultValue == null ? "false" : "true");
        if (defaultValue != null) {
            p.put("defaultValue", defaultValue);
        }
        return p;
    }

    private static Map<String, Object> data(String name, String category, String format) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("category", category);
        m.put("dataFormat", List.of(format));
        return m;
    }
}
