package ${package};

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.hutong.api.component.AlgorithmComponent;
import io.hutong.api.component.ComponentDescription;
import io.hutong.api.component.DataRef;
import io.hutong.api.component.TaskContext;
import io.hutong.api.transport.TransportSession;

/**
 * The algorithm component {@code ${componentName}}: each of two parties counts the rows of its CSV
 * input, sends the count to the other party over the node's PTP transport and writes both counts.
 *
 * <p>Replace {@link #run(TaskContext)} with your algorithm; keep the rules it shows: everything a task
 * needs comes from its {@link TaskContext} (the standard's environment contract), a peer's message is
 * input from a stranger and is checked before use, an output is written completely or not at all, and
 * an exception's message is what the operator reads as the task's reason.
 */
@Component(service = {AlgorithmComponent.class, ComponentDescription.class})
public final class ${className}Component implements AlgorithmComponent {

    /** The {@code componentName} a DAG refers to. */
    public static final String NAME = "${componentName}";
    /** Input {@code data}: a CSV file with a header line. */
    public static final String INPUT = "data";
    /** Output {@code result}: JSON with both parties' counts. */
    public static final String OUTPUT = "result";
    /** Parameter: how long to wait for the other party's count. */
    public static final String TIMEOUT = "timeout_seconds";

    /** A count is at most 18 decimal digits, so it always fits a long; anything else is refused. */
    private static final int MAX_DIGITS = 18;

    private final String version;
    private final Map<String, Object> selfDescription;

    /** Made by Declarative Services: the component's version is the bundle's (1.2.0 for bundle 1.2.0.SNAPSHOT). */
    @Activate
    public ${className}Component(BundleContext context) {
        this(versionOf(context.getBundle().getVersion()));
    }

    /** For tests and other runtimes: a component of the given version. */
    public ${className}Component(String version) {
        this.version = version;
        this.selfDescription = selfDescriptionDocument(version);
    }

    private static String versionOf(org.osgi.framework.Version v) {
        return v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
    }

    @Override
    public Map<String, Object> selfDescription() {
        return selfDescription;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public void run(TaskContext context) throws Exception {
        String self = context.selfRole();
        String peer = onlyPeer(context);
        Duration timeout = Duration.ofSeconds(positive(context.parameter(TIMEOUT).orElse("60"), TIMEOUT));
        DataRef input = required(context.inputs(), INPUT, "input");
        DataRef output = required(context.outputs(), OUTPUT, "output");

        context.progress(0.1, "count");
        long own = countRows(context.storage().read(input));
        context.log("counted " + own + " rows of " + input.namespace() + "/" + input.name());

        context.progress(0.4, "exchange");
        TransportSession session = context.transport(peer);
        // one topic per sender: the two counts never meet in one queue
        session.push(Long.toString(own).getBytes(StandardCharsets.US_ASCII), Map.of(), topic(self));
        byte[] answer = session.pop(timeout, topic(peer)).orElseThrow(() -> new IllegalStateException(
                "no count from " + peer + " within " + timeout.toSeconds() + " s (is the task running there?)"));
        long theirs = parseCount(answer, peer);

        context.progress(0.8, "write");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("self_role", self);
        result.put("self_count", own);
        result.put("peer_role", peer);
        result.put("peer_count", theirs);
        result.put("total", own + theirs);
        writeAtomically(context.storage().write(output), json(result));
        context.log(self + " has " + own + " rows, " + peer + " has " + theirs);
        context.progress(1.0, "done");
    }

    /** The topic a party sends its count on. */
    static String topic(String role) {
        return NAME + ".count." + role;
    }

    private static String onlyPeer(TaskContext context) {
        List<String> others = context.nodeIds().keySet().stream().filter(r -> !r.equals(context.selfRole())).sorted().toList();
        if (others.size() != 1) {
            throw new IllegalArgumentException(NAME + " runs between exactly two parties, the task names "
                    + (others.size() + 1) + ": " + context.nodeIds().keySet());
        }
        return others.get(0);
    }

    private static DataRef required(Map<String, DataRef> refs, String key, String what) {
        DataRef ref = refs.get(key);
        if (ref == null) {
            throw new IllegalArgumentException(what + " '" + key + "' missing (runtime.component." + what + "." + key + ")");
        }
        return ref;
    }

    private static long positive(String value, String name) {
        try {
            long v = Long.parseLong(value.trim());
            if (v > 0 && v <= 86_400) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the operator's message
        }
        throw new IllegalArgumentException("parameter " + name + " must be 1..86400 seconds, not '" + value + "'");
    }

    /** Rows after the header; a file without a header line is empty. */
    static long countRows(Path csv) throws IOException {
        try (Stream<String> lines = Files.lines(csv, StandardCharsets.UTF_8)) {
            return Math.max(0, lines.filter(l -> !l.isBlank()).count() - 1);
        } catch (UncheckedIOException e) {
            throw new IOException("input is not UTF-8 text: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** The peer's count: ASCII digits only, at most 18 of them; a hostile peer gets a clear refusal. */
    static long parseCount(byte[] message, String peer) {
        if (message.length == 0 || message.length > MAX_DIGITS) {
            throw new IllegalStateException(peer + " sent a malformed count (" + message.length + " bytes)");
        }
        long v = 0;
        for (byte b : message) {
            if (b < '0' || b > '9') {
                throw new IllegalStateException(peer + " sent a malformed count (not a decimal number)");
            }
            v = v * 10 + (b - '0');
        }
        return v;
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        // the runtime publishes nothing half-written: write beside the target, then move it into place
        Path tmp = Files.createTempFile(target.getParent(), ".${componentName}-", ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String json(Map<String, Object> values) {
        StringBuilder b = new StringBuilder("{");
        values.forEach((k, v) -> {
            b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":");
            b.append(v instanceof String s ? '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : v);
        });
        return b.append("}\n").toString();
    }

    private static Map<String, Object> selfDescriptionDocument(String version) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("componentName", NAME);
        d.put("title", "${className}");
        d.put("provider", "${groupId}");
        d.put("version", version);
        d.put("description", "Each of two parties counts the rows of its CSV input; both learn both counts.");
        d.put("roleList", List.of("guest", "host"));
        d.put("desVersion", "1.2.0");
        d.put("storageEngine", List.of("file", "s3"));
        d.put("inputParam", List.of(Map.of("name", TIMEOUT, "title", "longest wait for the other party's count",
                "type", "integer", "optional", "true", "defaultValue", "60")));
        d.put("inputData", List.of(Map.of("name", INPUT, "category", "dataset", "dataFormat", List.of("csv"))));
        d.put("outputData", List.of(Map.of("name", OUTPUT, "category", "report", "dataFormat", List.of("json"))));
        d.put("result", List.of(Map.of("resultCode", "0", "resultMessage", "success"),
                Map.of("resultCode", "1", "resultMessage", "failed; the task reason says why")));
        return java.util.Collections.unmodifiableMap(d);
    }
}
