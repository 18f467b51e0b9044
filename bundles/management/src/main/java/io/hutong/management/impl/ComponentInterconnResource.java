/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import io.hutong.api.component.ComponentDescription;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsWhiteboardTarget;

import io.hutong.api.http.Envelope;
import io.hutong.api.http.Planes;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;

/**
 * The component endpoints of spec 10 §5: the algorithm components registered on this node as
 * {@link ComponentDescription} services, listed while their bundles run.
 */
@Component(service = ComponentInterconnResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsWhiteboardTarget(Planes.EAST_WEST_TARGET)
@JakartarsExtensionSelect(Planes.JSON_EXTENSION_SELECT)
@Path("/v1/interconn/component")
public class ComponentInterconnResource extends InterconnEndpoints {

    @Reference
    ManagementPlane plane;

    // dynamic: an algorithm bundle coming or going changes the list without restarting this resource
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    final List<ComponentDescription> components = new CopyOnWriteArrayList<>();

    @Override
    ManagementPlane plane() {
        return plane;
    }

    @GET
    @Path("list")
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> list(@Context ContainerRequestContext ctx, @QueryParam("contract_id") String contractId,
                                 @QueryParam("contract_Id") String contractIdA03, @QueryParam("category") String category,
                                 @QueryParam("developer") String developer, @QueryParam("page_num") String pageNum,
                                 @QueryParam("page_size") String pageSize) {
        Governance.Caller caller = caller(ctx);
        String id = contractId != null ? contractId : contractIdA03; // the standard's table spells it contract_Id
        if (id == null || id.isBlank()) {
            throw Refusal.badRequest("contract_id is required");
        }
        Page page = Page.of(pageNum, pageSize);
        gov().callerContract(caller, id);
        List<Map<String, Object>> all = new ArrayList<>();
        List<ComponentDescription> snapshot = new ArrayList<>(components);
        snapshot.sort(Comparator.comparing(ComponentDescription::code).thenComparing(ComponentDescription::version));
        for (ComponentDescription c : snapshot) {
            if ((category == null || category.equals(c.category())) && (developer == null || developer.equals(c.developer()))) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("code", c.code());
                m.put("version", c.version());
                m.put("category", c.category());
                m.put("developer", c.developer());
                all.add(m);
            }
        }
        return ok(page.of(all));
    }

    @GET
    @Path("query")
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<Object> query(@Context ContainerRequestContext ctx, @QueryParam("contract_id") String contractId,
                                  @QueryParam("code") String code, @QueryParam("version") String version) {
        Governance.Caller caller = caller(ctx);
        for (String[] f : new String[][] {{"contract_id", contractId}, {"code", code}, {"version", version}}) {
            if (f[1] == null || f[1].isBlank()) {
                throw Refusal.badRequest(f[0] + " is required");
            }
        }
        gov().callerContract(caller, contractId);
        ComponentDescription c = new ArrayList<>(components).stream()
                .filter(x -> x.code().equals(code) && x.version().equals(version)).findFirst()
                .orElseThrow(() -> Refusal.notFound("no component " + code + " version " + version + " on this node"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", c.code());
        m.put("version", c.version());
        m.put("name", c.name());
        m.put("engine", c.engine());
        m.put("category", c.category());
        m.put("developer", c.developer());
        m.put("description", c.description());
        m.put("status", c.status());
        m.put("inputs", c.inputs());
        m.put("outputs", c.outputs());
        m.put("extension", c.extension());
        return ok(m);
    }
}
