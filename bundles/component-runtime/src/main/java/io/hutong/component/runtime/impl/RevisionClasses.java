/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.util.Collection;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.wiring.BundleWiring;

/**
 * Loads every class of one bundle revision through its class loader while that loader still works,
 * so code that keeps running after the revision is refreshed away finds its classes (decision CR7).
 */
final class RevisionClasses {

    private static final Logger LOG = Logger.getLogger(RevisionClasses.class.getName());

    private RevisionClasses() {
    }

    /**
     * @return how many classes are loaded; 0 when the wiring is no longer in use (too late)
     */
    static int loadAll(BundleWiring wiring) {
        if (wiring == null || !wiring.isInUse()) {
            return 0;
        }
        ClassLoader loader = wiring.getClassLoader();
        Collection<String> entries = wiring.listResources("/", "*.class",
                BundleWiring.LISTRESOURCES_RECURSE | BundleWiring.LISTRESOURCES_LOCAL);
        if (loader == null || entries == null) {
            return 0;
        }
        int loaded = 0;
        for (String entry : entries) {
            if (entry.endsWith("module-info.class") || entry.endsWith("package-info.class")) {
                continue;
            }
            String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
            try {
                // Loading without initialising: no static initialiser of the component runs early.
                Class.forName(name, false, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError e) {
                // A class needing an optional package that is not wired: the task could not use it either.
                LOG.log(Level.FINE, "cannot preload " + name, e);
            }
        }
        return loaded;
    }
}
