/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.hutong.api.component.DataRef;

/**
 * A task's {@code s3://} storage (spec 30 §4, A-10, decision S3-3): an input is downloaded into the task's staging
 * directory — the objects {@code {namespace}/{name}/data_{partition}}, all partitions in order, concatenated, or the
 * guide's single object {@code {namespace}-{name}} when there are none; an output is a local file the component
 * writes, uploaded when the task succeeds as {@code {namespace}/{name}/data_0} followed by
 * {@code {namespace}/{name}/metadata}.
 */
final class S3TaskStorage implements TaskStorages {

    /** Who writes the outputs: what their metadata object names. */
    record Writer(String taskId, String component) {
    }

    private static final Pattern PARTITION = Pattern.compile("data_(0|[1-9][0-9]{0,8})");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Location location;
    private final S3Client client;
    private final Path staging;
    private final Writer writer;
    private final Consumer<String> log;
    private final Clock clock;
    private final Map<DataRef, Path> inputs = new LinkedHashMap<>();
    private final Map<DataRef, Path> outputs = new LinkedHashMap<>();

    S3TaskStorage(S3Location location, Path staging, Writer writer, Consumer<String> log, Clock clock) {
        this.location = location;
        this.client = new S3Client(location, clock);
        this.staging = staging.toAbsolutePath().normalize();
        this.writer = writer;
        this.log = log;
        this.clock = clock;
    }

    /** @return the storage URI with its password replaced (what a component may show) */
    @Override
    public String uri() {
        return location.toString();
    }

    @Override
    public synchronized Path read(DataRef input) throws IOException {
        check(input);
        Path done = inputs.get(input);
        if (done != null) {
            return done;
        }
        String prefix = input.namespace() + "/" + input.name() + "/";
        TreeMap<Integer, String> partitions = new TreeMap<>();
        for (String key : client.list(prefix + "data_")) {
            Matcher m = PARTITION.matcher(key.substring(prefix.length()));
            if (m.matches()) {
                partitions.put(Integer.parseInt(m.group(1)), key);
            }
        }
        Path target = staging.resolve("inputs").resolve(input.namespace()).resolve(input.name());
        Files.createDirectories(target.getParent());
        Path part = target.resolveSibling(input.name() + ".download");
        long bytes;
        if (partitions.isEmpty()) {
            // the guide's layout: one object {namespace}-{name}
            String key = input.namespace() + "-" + input.name();
            try (OutputStream out = Files.newOutputStream(part)) {
                client.get(key, out);
            } catch (S3Client.S3Exception e) {
                Files.deleteIfExists(part);
                if (e.status() == 404 && !"NoSuchBucket".equals(e.code())) {
                    throw new NoSuchFileException(prefix + "data_0", null, "storage " + location
                            + " holds no data {namespace: " + input.namespace() + ", name: " + input.name() + "}: neither "
                            + prefix + "data_<partition> nor " + key + " exists in bucket " + location.bucket());
                }
                throw e;
            }
            bytes = Files.size(part);
            log.accept("input " + input.namespace() + "/" + input.name() + ": object " + key + " (" + bytes
                    + " bytes) from " + location);
        } else {
            if (partitions.lastKey() != partitions.size() - 1) {
                int missing = 0;
                while (partitions.containsKey(missing)) {
                    missing++;
                }
                throw new IOException("data {namespace: " + input.namespace() + ", name: " + input.name() + "} in "
                        + location + " lacks partition " + prefix + "data_" + missing + " (has " + partitions.size()
                        + " partitions up to data_" + partitions.lastKey() + "): refusing to read it incomplete");
            }
            try (OutputStream out = Files.newOutputStream(part)) {
                for (String key : partitions.values()) {
                    client.get(key, out);
                }
            } catch (IOException e) {
                Files.deleteIfExists(part);
                throw e;
            }
            bytes = Files.size(part);
            log.accept("input " + input.namespace() + "/" + input.name() + ": " + partitions.size() + " partition(s), "
                    + bytes + " bytes from " + location);
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        inputs.put(input, target);
        return target;
    }

    @Override
    public synchronized Path write(DataRef output) throws IOException {
        check(output);
        Path p = staging.resolve("outputs").resolve(output.namespace()).resolve(output.name());
        Files.createDirectories(p.getParent());
        outputs.put(output, p);
        return p;
    }

    @Override
    public synchronized void publish(Consumer<String> taskLog) throws IOException {
        for (Map.Entry<DataRef, Path> o : outputs.entrySet()) {
            DataRef ref = o.getKey();
            Path file = o.getValue();
            String prefix = ref.namespace() + "/" + ref.name() + "/";
            if (!Files.isRegularFile(file)) {
                taskLog.accept("output " + ref.namespace() + "/" + ref.name() + " was not written: nothing stored");
                continue;
            }
            // A partition left by an earlier run of the same output would be read after ours: remove it first.
            for (String key : client.list(prefix + "data_")) {
                if (!key.equals(prefix + "data_0") && PARTITION.matcher(key.substring(prefix.length())).matches()) {
                    client.delete(key);
                }
            }
            client.put(prefix + "data_0", file);
            // the metadata goes last: its presence says the data before it is complete
            client.put(prefix + "metadata", metadata(ref, file));
            taskLog.accept("output " + ref.namespace() + "/" + ref.name() + ": " + Files.size(file) + " bytes stored as "
                    + prefix + "data_0 and " + prefix + "metadata in " + location);
        }
    }

    /** The metadata object: the standard's storage entity (spec 30 §4.3) as far as the runtime knows it. */
    private byte[] metadata(DataRef ref, Path file) throws IOException {
        long size = Files.size(file);
        long lines = 0;
        int last = -1;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
                last = buf[n - 1];
            }
        }
        if (size > 0 && last != '\n') {
            lines++;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("namespace", ref.namespace());
        m.put("name", ref.name());
        m.put("partitions", 1);
        m.put("count", lines);
        m.put("size", size);
        m.put("create_time", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
        m.put("description", "output of task " + writer.taskId() + " (component " + writer.component() + ")");
        m.put("task_id", writer.taskId());
        m.put("component", writer.component());
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
    }

    @Override
    public synchronized void close() {
        if (!Files.exists(staging)) {
            return;
        }
        try {
            Files.walkFileTree(staging, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.accept("the staged copies in " + staging + " could not all be removed: " + e.getMessage());
        }
    }

    /**
     * Refuses an identifier that would not be exactly two key segments: the DAG names it, and a partner must not
     * reach other objects of the bucket through it (as {@link FileTaskStorage} refuses paths outside its root).
     */
    private void check(DataRef ref) throws IOException {
        for (String part : List.of(ref.namespace(), ref.name())) {
            if (part.isBlank() || part.equals(".") || part.equals("..") || part.contains("/") || part.contains("\\")
                    || part.length() > 255 || part.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IOException("data {namespace: " + printable(ref.namespace()) + ", name: " + printable(ref.name())
                        + "} is refused in " + location + ": namespace and name must each be one non-empty key segment "
                        + "(no '/', '\\', '.', '..' or control characters, at most 255 characters)");
            }
        }
    }

    private static String printable(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }
}
