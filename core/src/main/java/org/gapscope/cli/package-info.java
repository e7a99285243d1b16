/** The command-line interface ({@code gapscope <command>}), which runs without a display. */
package org.gapscope.cli;
