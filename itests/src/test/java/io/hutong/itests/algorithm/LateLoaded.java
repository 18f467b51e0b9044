/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests.algorithm;

/** A class the test algorithm loads only after its wait, from the class loader it started with. */
public class LateLoaded {

    /** @return a fixed word, proof the class was loaded */
    public String describe() {
        return "loaded";
    }
}
