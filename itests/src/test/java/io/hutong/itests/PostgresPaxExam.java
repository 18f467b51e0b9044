/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import org.junit.AssumptionViolatedException;
import org.junit.runner.Description;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunNotifier;
import org.junit.runners.model.InitializationError;
import org.ops4j.pax.exam.junit.PaxExam;

/**
 * Pax Exam's runner for the classes that need the test run's PostgreSQL server: without one
 * ({@code HUTONG_TEST_PG_URL} unset) their tests are reported <em>skipped</em>, before any framework
 * boots. (An assumption inside a Pax Exam test is reported as a pass, and the framework would boot
 * for nothing.) Under {@code CI=true} the tests run and fail on the missing server, as
 * {@code .ci/run} always starts one.
 */
public class PostgresPaxExam extends PaxExam {

    public PostgresPaxExam(Class<?> klass) throws InitializationError {
        super(klass);
    }

    /** @return whether the test run names a PostgreSQL server */
    public static boolean available() {
        return System.getenv("HUTONG_TEST_PG_URL") != null;
    }

    @Override
    public void run(RunNotifier notifier) {
        if (available() || "true".equals(System.getenv("CI"))) {
            super.run(notifier);
            return;
        }
        for (Description test : getDescription().getChildren()) {
            notifier.fireTestStarted(test);
            notifier.fireTestAssumptionFailed(new Failure(test,
                    new AssumptionViolatedException("no PostgreSQL: set HUTONG_TEST_PG_URL, _USER, _PASSWORD (.ci/run starts one)")));
            notifier.fireTestFinished(test);
        }
    }
}
