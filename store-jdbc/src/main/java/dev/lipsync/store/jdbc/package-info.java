/**
 * Jobs kept in a database through JDBC: {@link dev.lipsync.store.jdbc.JdbcJobStore}, on SQLite in a file
 * on one machine or on PostgreSQL for several instances, with one set of statements for both.
 *
 * <p>Why SQLite for the embedded store, not H2: several {@code lipsync} commands on one machine share
 * the file at once (a {@code run} in one terminal, {@code jobs} in another), and SQLite locks a file per
 * write, where H2 locks it per process (or opens a TCP server to share it). SQLite's driver carries its
 * native library for the common platforms; the file it writes is readable by any SQLite tool.
 */
@NullMarked
package dev.lipsync.store.jdbc;

import org.jspecify.annotations.NullMarked;
