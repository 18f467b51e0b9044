/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The benchmark's command line (the run itself is exercised by the distribution itest). */
class TransportBenchmarkTest {

    @Test
    void sizesAndOptionsAreReadAsAnOperatorWritesThem() {
        assertEquals(List.of(1024, 64 * 1024, 1024 * 1024, 4096), TransportBenchmark.parse(List.of("--sizes", "1k, 64KiB,1m,4096")).sizes());
        TransportBenchmark.Options o = TransportBenchmark.parse(List.of("--seconds", "0.5", "--protocols", "HTTP", "--http-body", "json"));
        assertEquals(0.5, o.seconds());
        assertEquals(List.of("http"), o.protocols());
        assertTrue(o.httpJson());
        TransportBenchmark.Options d = TransportBenchmark.parse(List.of());
        assertEquals(List.of(1024, 64 * 1024, 1024 * 1024), d.sizes());
        assertEquals(List.of("grpc", "http"), d.protocols());
        assertEquals("64 KiB", TransportBenchmark.label(65536));
        assertEquals("1 MiB", TransportBenchmark.label(1 << 20));
        assertEquals(1, d.concurrency(), "one session at a time unless asked");
        assertEquals(16, TransportBenchmark.parse(List.of("--concurrency", "16")).concurrency());
    }

    @Test
    void badOptionsSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TransportBenchmark.parse(List.of("--sizes", "1t"))).getMessage().contains("1t"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TransportBenchmark.parse(List.of("--sizes", "4"))).getMessage().contains("8 bytes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TransportBenchmark.parse(List.of("--seconds", "0"))).getMessage().contains("--seconds"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TransportBenchmark.parse(List.of("--protocols", "smtp"))).getMessage().contains("smtp"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TransportBenchmark.parse(List.of("--seconds"))).getMessage().contains("needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TransportBenchmark.parse(List.of("--colour"))).getMessage().contains("--colour"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TransportBenchmark.parse(List.of("--concurrency", "0"))).getMessage().contains("between 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TransportBenchmark.parse(List.of("--concurrency", "16k"))).getMessage().contains("16k"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TransportBenchmark.parse(List.of("--concurrency", "100000"))).getMessage().contains("256"));
    }
}
