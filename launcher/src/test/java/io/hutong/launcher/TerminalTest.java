/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** When the Gogo shell may read the terminal: foreground job only. */
class TerminalTest {

    @Test
    void theForegroundJobIsTheTerminalsProcessGroup() {
        // pid (comm) state ppid pgrp session tty_nr tpgid ...
        assertEquals(Optional.of(true), Terminal.foregroundFromProcStat("4242 (java) S 4100 4242 4100 34816 4242 4194304 0 0"));
        // "hutong start ... &": the job has its own group, the shell's group holds the terminal
        assertEquals(Optional.of(false), Terminal.foregroundFromProcStat("4242 (java) S 4100 4242 4100 34816 4100 4194304 0 0"));
        // no controlling terminal (setsid, a service manager): tpgid is -1
        assertEquals(Optional.of(false), Terminal.foregroundFromProcStat("4242 (java) S 1 4242 4242 0 -1 4194304 0 0"));
        // the command name may hold blanks and parentheses
        assertEquals(Optional.of(true), Terminal.foregroundFromProcStat("7 (a b) c)) R 1 7 1 34816 7 0"));
        assertEquals(Optional.empty(), Terminal.foregroundFromProcStat("garbage"));
        assertEquals(Optional.empty(), Terminal.foregroundFromProcStat("1 (x) S 1 two 3"));
    }

    @Test
    void noShellAlwaysWins() {
        assertFalse(Terminal.shellMayReadStdin(true));
    }

    @Test
    void aTestRunWithoutATerminalGetsNoShell() {
        // surefire's forked JVM has pipes, not a terminal, as stdin and stdout
        assertFalse(Terminal.shellMayReadStdin(false));
    }
}
