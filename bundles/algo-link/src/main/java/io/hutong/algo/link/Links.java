/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.link;

import java.util.ArrayList;
import java.util.List;

import io.hutong.algo.link.impl.PtpWire;
import io.hutong.algo.link.impl.PushLink;
import io.hutong.api.component.TaskContext;

/**
 * Opens {@link Link}s for a task. Ranks are the task's roles ({@code config.node_id.<role>.<i>}) in lexicographic
 * order, {@code guest.0} before {@code host.0} (spec 52 §2); the transport session is the task's
 * ({@code config.session_id}); messages to a peer travel on topic {@code <selfRole>-<peerRole>}, the peer's on
 * {@code <peerRole>-<selfRole>}, as the reference containers use them.
 *
 * <pre>{@code
 * try (Link link = Links.open(ctx, LinkOptions.defaults().withRecvTimeout(Duration.ofMinutes(1)))) {
 *     link.connect();
 *     LinkContext root = LinkContext.root(link);
 *     root.send(request);
 *     byte[] answer = root.receive(link.options().recvTimeout());
 *     link.finish();
 * }
 * }</pre>
 */
public final class Links {

    private Links() {
    }

    /**
     * @return the task's roles in rank order
     * @throws IllegalArgumentException when the task names no parties or this party is not among them
     */
    public static List<String> ranks(TaskContext task) {
        List<String> roles = new ArrayList<>(task.nodeIds().keySet());
        roles.sort(null);
        if (!roles.contains(task.selfRole())) {
            throw new IllegalArgumentException("this party (" + task.selfRole() + ", config.self_role) is not among the"
                    + " task's parties " + roles + " (config.node_id.*)");
        }
        return List.copyOf(roles);
    }

    /**
     * Opens the link of a two-party task to the other party and starts reading from it.
     *
     * @throws IllegalArgumentException when the task does not have exactly two parties, this one among them
     */
    public static Link open(TaskContext task, LinkOptions options) {
        List<String> roles = ranks(task);
        if (roles.size() != 2) {
            throw new IllegalArgumentException("a two-party link needs exactly two parties; the task names " + roles
                    + " (config.node_id.*); open one link per peer with open(task, peerRole, options)");
        }
        return open(task, roles.get(1 - roles.indexOf(task.selfRole())), options);
    }

    /**
     * Opens the link of a task to one peer over the node's PTP transport and starts reading from it.
     *
     * @param peerRole {@code <role>.<i>} of the peer, e.g. {@code host.0}
     * @throws IllegalArgumentException when the task has no such peer
     */
    public static Link open(TaskContext task, String peerRole, LinkOptions options) {
        List<String> roles = ranks(task);
        int peerRank = roles.indexOf(peerRole);
        if (peerRank < 0 || peerRole.equals(task.selfRole())) {
            throw new IllegalArgumentException("no peer " + peerRole + " in the task; its parties are " + roles);
        }
        LinkWire wire = new PtpWire(task.transport(peerRole), topic(task.selfRole(), peerRole),
                topic(peerRole, task.selfRole()), options.recvTimeout());
        return new PushLink(wire, roles.indexOf(task.selfRole()), peerRank, roles.size(), options);
    }

    /** Opens a link on any carrier and starts reading from it. */
    public static Link over(LinkWire wire, int selfRank, int peerRank, int worldSize, LinkOptions options) {
        if (selfRank < 0 || peerRank < 0 || selfRank == peerRank || selfRank >= worldSize || peerRank >= worldSize) {
            throw new IllegalArgumentException("ranks " + selfRank + " and " + peerRank + " are not two different"
                    + " ranks below the world size " + worldSize);
        }
        return new PushLink(wire, selfRank, peerRank, worldSize, options);
    }

    /** @return the topic of messages from {@code from} to {@code to}, e.g. {@code guest.0-host.0} */
    public static String topic(String from, String to) {
        return from + "-" + to;
    }
}
