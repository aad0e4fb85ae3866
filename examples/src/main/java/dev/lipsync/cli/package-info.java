/**
 * The {@code lipsync} command: runs jobs, lists faces and looks tasks up against the vendors configured
 * in the environment, or against the in-process simulators with {@code lipsync demo}; keeps each job it
 * runs in a job store ({@code StoreSetup}) and lists them ({@code lipsync jobs}). Its
 * options, JSON shapes and exit codes are a contract (see the README); everything it prints passes
 * through a filter that masks the configured API keys and the store's password.
 */
@NullMarked
package dev.lipsync.cli;

import org.jspecify.annotations.NullMarked;
