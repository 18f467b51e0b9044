/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import java.io.IOException;

import picocli.CommandLine.Option;

/**
 * A subcommand that talks to a running node's admin API: how to find the node and its token, and {@code --json}.
 * See {@link AdminClient#from} for the order the options are tried in.
 */
public abstract class NodeCall extends Subcommand {

    @Option(names = "--data", paramLabel = "DIR", description = "The node's data directory (default: the installation's data/):"
            + " its run/ready.json names the admin port, its admin-token the token.")
    String data;

    @Option(names = "--admin", paramLabel = "URL", description = "The node's admin API, e.g. http://127.0.0.1:8080 (instead of --data).")
    String admin;

    @Option(names = "--token", paramLabel = "T", description = "The admin token (default: --token-file, HUTONG_ADMIN_TOKEN, <data>/admin-token).")
    String token;

    @Option(names = "--token-file", paramLabel = "F", description = "A file holding the admin token.")
    String tokenFile;

    @Option(names = "--json", description = "Print the node's answer as JSON.")
    protected boolean json;

    /** @return a client of the node these options name */
    protected AdminClient node() throws IOException {
        return AdminClient.from(home(), admin, data, token, tokenFile);
    }
}
