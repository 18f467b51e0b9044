/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.grpc.impl;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The threads of one gRPC server or client, owned by the component that uses them and ended when it is
 * deactivated. By default grpc-java shares event loops and a call executor process-wide and ends them a
 * second after their last user has gone; in a bundle that is being stopped (an adapter swapped, a WAR
 * undeployed) that second comes after the bundle's class loader is closed, and the ending threads fail
 * to load classes. Epoll where grpc-java's native transport loads, NIO elsewhere, as grpc-java chooses.
 */
final class GrpcThreads {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final String prefix;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService calls;
    private final boolean epoll = Epoll.isAvailable();

    /** @param role {@code server} or {@code client}, for the thread names */
    GrpcThreads(String role) {
        prefix = "hutong-grpc-" + role + "-" + INSTANCES.incrementAndGet() + "-";
        boss = role.equals("server") ? group(1, prefix + "boss") : null;
        workers = group(0, prefix + "io");
        AtomicInteger n = new AtomicInteger();
        calls = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, prefix + "call-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private EventLoopGroup group(int threads, String name) {
        DefaultThreadFactory factory = new DefaultThreadFactory(name, true);
        return epoll ? new EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
    }

    /** @return the prefix of every thread name of these threads */
    String prefix() {
        return prefix;
    }

    NettyServerBuilder serve(NettyServerBuilder builder) {
        return builder.bossEventLoopGroup(boss).workerEventLoopGroup(workers)
                .channelType(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class).executor(calls);
    }

    NettyChannelBuilder connect(NettyChannelBuilder builder) {
        return builder.eventLoopGroup(workers).channelType(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .executor(calls);
    }

    /** Ends the threads, after the servers or channels using them have terminated; waits up to 5 s. */
    void close() throws InterruptedException {
        calls.shutdownNow();
        if (boss != null) {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        if (boss != null) {
            boss.terminationFuture().await(5, TimeUnit.SECONDS);
        }
        workers.terminationFuture().await(5, TimeUnit.SECONDS);
        calls.awaitTermination(5, TimeUnit.SECONDS);
    }
}
