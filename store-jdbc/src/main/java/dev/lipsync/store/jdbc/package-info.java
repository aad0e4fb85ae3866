/**
 * Jobs kept in a database through JDBC: SQLite in a file on one machine, PostgreSQL for several
 * instances.
 */
@NullMarked
package dev.lipsync.store.jdbc;

import org.jspecify.annotations.NullMarked;
