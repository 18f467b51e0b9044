/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.store;

import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.Bundle;

/**
 * The node's database, shared by every layer bundle.
 *
 * <p>Each bundle owns its tables and ships their schema as versioned scripts inside its jar, in a
 * folder of its choosing, named {@code V<n>__<description>.sql} (one or more statements separated by
 * {@code ;}). A bundle calls {@link #migrate} when it activates; scripts already applied are skipped,
 * new ones run in version order, each in one transaction, and are recorded in the table
 * {@code hutong_schema_history}. Scripts must be written in the SQL common to H2 and PostgreSQL.
 */
@ProviderType
public interface Database {

    /** @return the pooled data source; connections must be closed by the caller */
    DataSource dataSource();

    /** @return {@code "h2"} or {@code "postgresql"} */
    String dialect();

    /**
     * Applies the bundle's pending schema scripts.
     *
     * @param module a name unique to the owning bundle (e.g. {@code "management"}), the key in the history
     * @param bundle the bundle whose entries hold the scripts
     * @param folder the folder inside the bundle, e.g. {@code "db/management"}
     * @return the file names of the scripts applied by this call (empty when the schema was current)
     * @throws SQLException when a script fails; its transaction is rolled back and nothing of it is recorded
     */
    List<String> migrate(String module, Bundle bundle, String folder) throws SQLException;
}
