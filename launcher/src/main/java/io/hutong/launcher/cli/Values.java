/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How option values become numbers, ports and instants, with messages that follow the option's name
 * ({@code --rows must be a whole number, got 'many'}): picocli prints them after the name (decision CLI3).
 */
public final class Values {

    private Values() {
    }

    /** Registers the converters of every option of that type in {@code cl}'s whole tree. */
    static void register(CommandLine cl) {
        cl.registerConverter(Integer.class, Values::integer);
        cl.registerConverter(int.class, Values::integer);
        cl.registerConverter(Long.class, Values::whole);
        cl.registerConverter(long.class, Values::whole);
        cl.registerConverter(Double.class, Values::number);
        cl.registerConverter(double.class, Values::number);
        cl.registerConverter(Instant.class, Values::instant);
    }

    /** A whole number; {@code 100_000} is read as 100000. */
    static long whole(String v) {
        try {
            return Long.parseLong(v.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be a whole number, got '" + v + "'");
        }
    }

    static int integer(String v) {
        long n = whole(v);
        if (n != (int) n) {
            throw new TypeConversionException("must be a whole number, got '" + v + "'");
        }
        return (int) n;
    }

    static double number(String v) {
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be a number, got '" + v + "'");
        }
    }

    static Instant instant(String v) {
        try {
            return Instant.parse(v.strip());
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("must be an ISO-8601 instant such as 2025-07-01T00:00:00Z, not " + v);
        }
    }

    /** A TCP port, 1 to 65535. */
    public static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String v) {
            try {
                int port = Integer.parseInt(v.strip());
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // refused below with the value
            }
            throw new TypeConversionException("must be a port number 1-65535, got '" + v + "'");
        }
    }
}
