/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The commands' one Jackson mapper, made when a command first reads or writes JSON. A static mapper in each
 * command class was made whenever the class was: picocli makes every command object of the tree for any command
 * line, so {@code hutong start} and {@code hutong --help} paid Jackson's start (about 0.33 CPU-seconds with C1)
 * without using it (decision START6).
 */
final class Jackson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Jackson() {
    }
}
