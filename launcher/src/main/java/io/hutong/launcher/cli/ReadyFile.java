/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A node's {@code <data>/run/ready.json}, read by the CLI to find a running node. The node removes
 * it when it stops; after a {@code kill -9} or a crash it is left behind, naming a process that no
 * longer exists, and is then ignored with a message saying so.
 */
public final class ReadyFile {

    private ReadyFile() {
    }

    /**
     * @return the content of {@code ready}, written by a node whose process still runs
     * @throws NodeUnreachableException in one line, when there is no such file, it is not JSON, or its process is gone
     */
    public static JsonNode readRunning(Path ready) throws IOException {
        if (!Files.isRegularFile(ready)) {
            throw new NodeUnreachableException("no running node: " + ready + " does not exist (start one, or give --admin http://host:port or --data DIR)");
        }
        JsonNode r;
        try {
            r = Jackson.MAPPER.readTree(ready.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new NodeUnreachableException("no running node: " + ready + " is not a node's ready file (" + e.getOriginalMessage() + ")");
        }
        long pid = r == null ? -1 : r.path("pid").asLong(-1);
        if (pid > 0 && !alive(pid)) {
            throw new NodeUnreachableException("no running node: " + ready + " is left over from process " + pid
                    + ", which is not running (the node was killed or crashed); start the node again");
        }
        return r;
    }

    /** @return whether process {@code pid} exists and has not ended (a zombie has ended) */
    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
