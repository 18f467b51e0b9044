/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.hutong.api.component.ComponentLauncher.LaunchSpec;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

/**
 * The {@code component/register} request as the admin plane binds and validates it (lenient where A-23
 * says, bounded everywhere), the process launcher's check of a launch spec, and registrations kept in
 * the node database.
 */
class ComponentRegistrationTest {

    /** Bound as the http bundle's reader binds request bodies. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Validator VALIDATOR = Validation.byProvider(HibernateValidator.class).configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    static Path example() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples/components/intersection_count"))) {
            dir = dir.getParent();
        }
        return dir.resolve("examples/components/intersection_count");
    }

    private static ObjectNode request() throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("imageUrl", "registry.example.org/hutong/intersection_count:1.0.0");
        body.set("component_info", JSON.readTree(example().resolve("component.json").toFile()));
        body.set("launch", JSON.readTree("{\"command\":[\"python3\",\"/opt/intersection_count.py\"]}"));
        return body;
    }

    private static Set<String> violations(ObjectNode body) throws Exception {
        ComponentRegisterResource.ComponentRegister r = JSON.treeToValue(body, ComponentRegisterResource.ComponentRegister.class);
        return VALIDATOR.validate(r).stream().map(v -> v.getPropertyPath() + " " + v.getMessage())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theShippedSelfDescriptionIsAValidRegistration() throws Exception {
        assertEquals(Set.of(), violations(request()));
        ComponentRegisterResource.ComponentRegister r = JSON.treeToValue(request(), ComponentRegisterResource.ComponentRegister.class);
        assertEquals("intersection_count", r.componentInfo().componentName());
        assertEquals("1.0.0", r.componentInfo().version());
        assertEquals("hutong", r.componentInfo().provider());
        assertEquals(List.of("guest", "host"), r.componentInfo().roleList());
    }

    @Test
    void singleStringsAreTakenWhereTheStandardsExamplesUseThem() throws Exception {
        ObjectNode body = request();
        ((ObjectNode) body.get("component_info")).put("roleList", "guest");
        ((ObjectNode) body.get("component_info")).put("storageEngine", "file");
        assertEquals(Set.of(), violations(body));
        ComponentRegisterResource.ComponentRegister r = JSON.treeToValue(body, ComponentRegisterResource.ComponentRegister.class);
        assertEquals(List.of("guest"), r.componentInfo().roleList());
    }

    @Test
    void malformedRegistrationsNameTheirFault() throws Exception {
        ObjectNode body = request();
        body.remove("component_info");
        assertEquals(Set.of("componentInfo is required"), violations(body));

        body = request();
        body.remove("imageUrl");
        body.remove("launch");
        assertEquals(Set.of("imageUrl is required", "launch is required"), violations(body));

        body = request();
        ObjectNode info = (ObjectNode) body.get("component_info");
        info.put("componentName", "../../etc");
        info.remove("version");
        info.putArray("roleList");
        assertEquals(Set.of("componentInfo.componentName may contain only letters, digits, '_', '.' and '-'",
                "componentInfo.roleList is required", "componentInfo.version is required"), violations(body));
    }

    @Test
    void oversizeFieldsAndListsAreRefused() throws Exception {
        ObjectNode body = request();
        body.put("imageUrl", "x".repeat(2049));
        ObjectNode info = (ObjectNode) body.get("component_info");
        info.put("description", "d".repeat(4001));
        var params = info.putArray("inputParam");
        for (int i = 0; i < 257; i++) {
            params.addObject().put("name", "p" + i);
        }
        var command = ((ObjectNode) body.get("launch")).putArray("command");
        for (int i = 0; i < 65; i++) {
            command.add("arg");
        }
        assertEquals(Set.of("componentInfo.description must be at most 4000 characters",
                "componentInfo.inputParam must have at most 256 entries", "imageUrl must be at most 2048 characters",
                "launch.command must have at most 64 entries"), violations(body));
    }

    @Test
    void theProcessLauncherRefusesALaunchItCannotRun() {
        ProcessLauncher p = new ProcessLauncher(Path.of("target", "no-process-notes"));
        assertThrows(IllegalArgumentException.class, () -> p.check(new LaunchSpec("process", List.of(), null)));
        assertThrows(IllegalArgumentException.class, () -> p.check(new LaunchSpec("process", List.of(" "), null)));
        assertThrows(IllegalArgumentException.class, () -> p.check(new LaunchSpec("process", List.of("python3", "a\0b"), null)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.check(new LaunchSpec("process", List.of("python3"), "relative/dir")));
        assertTrue(e.getMessage().contains("absolute"), e.getMessage());
        p.check(new LaunchSpec("process", List.of("python3", "/opt/x.py"), "/tmp"));
    }

    static DataSource migrated() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        for (String script : List.of("V1__component_tasks.sql", "V2__component_registrations.sql")) {
            String sql;
            try (InputStream in = ComponentRegistrationTest.class.getResourceAsStream("/db/component/" + script)) {
                sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String clean = sql.lines().filter(l -> !l.strip().startsWith("--")).collect(Collectors.joining("\n"));
            try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
                for (String stmt : clean.split(";")) {
                    if (!stmt.isBlank()) {
                        s.execute(stmt);
                    }
                }
            }
        }
        return h2;
    }

    @Test
    void registrationsAreKeptInTheDatabaseAndARegistrationReplacesTheEarlierOne() throws Exception {
        DataSource db = migrated();
        Map<String, Object> info = JSON.convertValue(JSON.readTree(example().resolve("component.json").toFile()),
                new TypeReference<Map<String, Object>>() {
                });
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ComponentRegistration first = new ComponentRegistration("intersection_count", "1.0.0", "hutong", "img:1", info,
                new LaunchSpec("process", List.of("python3", "/a.py"), null), t);
        new RegistrationStore(db).save(first);
        ComponentRegistration again = new ComponentRegistration("intersection_count", "1.0.0", "hutong", "img:2", info,
                new LaunchSpec("process", List.of("python3", "/b.py"), "/srv"), t.plusSeconds(1));
        new RegistrationStore(db).save(again);
        ComponentRegistration other = new ComponentRegistration("intersection_count", "1.1.0", "hutong", "img:3", info,
                new LaunchSpec("process", List.of("python3", "/c.py"), null), t);
        new RegistrationStore(db).save(other);

        // a new store on the same database: what a restarted node reads
        List<ComponentRegistration> all = new RegistrationStore(db).all();
        assertEquals(List.of(again, other), all);
        assertEquals(info, all.get(0).selfDescription());
        assertEquals("intersection_count", new ExternalComponent(all.get(0), type -> java.util.Optional.empty()).code());
    }
}
