/**
 * The {@code lipsync} command: runs jobs, lists faces and looks tasks up against the vendors configured
 * in the environment, or against the in-process simulators with {@code lipsync demo}. Its options, JSON
 * shapes and exit codes are a contract (see the README); everything it prints passes through a filter
 * that masks the configured API keys.
 */
@NullMarked
package dev.lipsync.cli;

import org.jspecify.annotations.NullMarked;
