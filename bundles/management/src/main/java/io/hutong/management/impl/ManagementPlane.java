/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.felix.hc.api.HealthCheck;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.hutong.api.delivery.DeadLetter;
import io.hutong.api.delivery.DeadLetters;
import io.hutong.api.auth.CallAuthenticator;
import io.hutong.api.auth.CallRefusal;
import io.hutong.api.auth.EastWestCall;
import io.hutong.api.auth.VerifiedCaller;
import io.hutong.api.governance.JobApprovals;
import io.hutong.api.governance.PeerCalls;
import io.hutong.api.health.Health;
import io.hutong.api.health.LayerCheck;
import io.hutong.api.health.Layers;
import io.hutong.api.node.NodeIdentity;
import io.hutong.api.permit.PermitCheck;
import io.hutong.api.rounds.Rounds;
import io.hutong.api.store.Database;

/**
 * The running management plane: migrates its tables, holds the {@link Governance} rules, offers the
 * permit check to other layers and delivers the outbox in the background until deactivated.
 */
@Component(service = {ManagementPlane.class, PermitCheck.class, HealthCheck.class, DeadLetters.class, CallAuthenticator.class,
        PeerCalls.class, JobApprovals.class},
        configurationPid = "io.hutong.management", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {HealthCheck.NAME + "=" + Layers.MANAGEMENT + "/governance", HealthCheck.TAGS + "=" + LayerCheck.TAG,
                HealthCheck.TAGS + "=" + LayerCheck.TAG + "." + Layers.MANAGEMENT})
@Designate(ocd = ManagementConfig.class)
public class ManagementPlane implements PermitCheck, LayerCheck, DeadLetters, CallAuthenticator, PeerCalls, JobApprovals {

    private static final Logger LOG = Logger.getLogger(ManagementPlane.class.getName());

    private final Governance governance;
    private final DatasetCatalog datasets;
    private final Rounds outbox;

    @Activate
    public ManagementPlane(@Reference Database database, @Reference NodeIdentity identity, BundleContext context,
                           ManagementConfig config) throws SQLException {
        // V1 (node identity) may not have run yet if this component activates first: migrate runs every pending script
        database.migrate("management", context.getBundle(), "db/management");
        String data = context.getProperty("hutong.data");
        GovernanceStore store = new GovernanceStore(database.dataSource());
        Governance.NodeInfo self = new Governance.NodeInfo(identity.nodeId(), config.address(),
                config.inst_id().isBlank() ? identity.nodeId() : config.inst_id(),
                config.institution().isBlank() ? identity.nodeId() : config.institution(),
                config.name().isBlank() ? identity.nodeId() : config.name(), config.description());
        governance = new Governance(store, identity, self, Duration.ofSeconds(config.call_timeout_seconds()),
                config.timestamp_window_seconds() * 1000L, config.outbox_retry_ms(), System::currentTimeMillis);
        governance.outboxBudget(new Governance.OutboxBudget(config.outbox_max_attempts(),
                Math.max(1, config.outbox_max_age_seconds()) * 1000L));
        datasets = new DatasetCatalog(store, Path.of(data == null ? "data" : data), self.instId());
        store.resumeOutbox(governance.now());
        long window = config.timestamp_window_seconds() * 1000L;
        outbox = outboxRounds(() -> {
            governance.deliverDue();
            // nonces older than twice the window can never be replayed: the timestamp check refuses them first
            store.forgetNoncesBefore(governance.now() - 2 * window);
        }, Math.max(100, Math.min(1000, config.outbox_retry_ms())));
        governance.onEnqueue(outbox::wake);
    }

    /**
     * The outbox's delivery rounds: one every {@code pollMillis} (retries fall due as time passes; the first sooner,
     * for calls left from before a restart) and one at once when a call is queued ({@link Rounds#wake()}, DELIVERY8).
     * A round that fails is logged and counts as idle, so a queued call still wakes the next one.
     */
    static Rounds outboxRounds(Runnable round, long pollMillis) {
        return new Rounds("hutong-management-outbox", () -> {
            try {
                round.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "outbox delivery failed", e);
            }
            return false;
        }, Math.min(200, pollMillis), pollMillis);
    }

    @Deactivate
    void stop() throws InterruptedException {
        outbox.stop(10);
    }

    Governance governance() {
        return governance;
    }

    DatasetCatalog datasets() {
        return datasets;
    }

    @Override
    public Answer call(String nodeId, String method, String path, Map<String, String> query, String body) throws java.io.IOException {
        return governance.peerCall(nodeId, method, path, query, body);
    }

    @Override
    public Optional<ApprovedJob> approvedJob(String jobId) {
        return governance.approvedJob(jobId);
    }

    @Override
    public Optional<JobApprovals.Dataset> dataset(String datasetId) {
        return governance.store.dataset(datasetId).map(d -> new JobApprovals.Dataset(d.datasetId(), d.location()));
    }

    @Override
    public Optional<String> datasetRefusal(String datasetId, String nodeId) {
        return governance.datasetRefusal(datasetId, nodeId);
    }

    @Override
    public PermitDecision check(String tokenSet, String resourceType, String resourceId, String requestNodeId) {
        return governance.check(tokenSet, resourceType, resourceId, requestNodeId);
    }

    /** The checks of M2/M3 for the http bundle's east-west filter; a storage failure propagates (500 with a reference). */
    @Override
    public VerifiedCaller authenticate(EastWestCall call, boolean signed) {
        return authenticate(governance, call, signed);
    }

    static VerifiedCaller authenticate(Governance governance, EastWestCall call, boolean signed) {
        try {
            Governance.Caller c = governance.check(EastWestRequest.of(call), signed);
            return new VerifiedCaller(c.nodeId(), c.contract() == null ? null : c.contract().contractId());
        } catch (jakarta.ws.rs.WebApplicationException e) {
            throw new CallRefusal(e.getResponse().getStatus(), e.getMessage());
        }
    }

    /** The layer whose dead letters this plane holds. */
    @Override
    public String layer() {
        return Layers.MANAGEMENT;
    }

    @Override
    public Health health() {
        return health(governance);
    }

    /** @return the governance health: DEGRADED while the outbox holds dead letters (DELIVERY6) */
    static Health health(Governance governance) {
        long pending = governance.store.countOutbox("PENDING");
        long dead = governance.store.countOutbox("FAILED");
        long contracts = governance.store.contracts().stream().filter(c -> c.status() == ApprovalStatus.APPROVED).count();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("approved_contracts", contracts);
        details.put("outbox_pending", pending);
        details.put("dead_letters", dead);
        String message = contracts + " approved contracts, " + pending + " outbox calls pending";
        if (dead > 0) {
            // a confirm or terminate a partner never got: the two nodes disagree until an operator acts
            return Health.degraded(message + ", " + dead + " given up (dead letters: hutong deadletters list)", details);
        }
        return Health.up(message, details);
    }

    @Override
    public List<DeadLetter> list() {
        return governance.deadLetters();
    }

    @Override
    public boolean replay(String id) {
        return governance.replayDeadLetter(id);
    }

    @Override
    public boolean discard(String id) {
        return governance.discardDeadLetter(id);
    }
}
