/** The main window's frame: regions, status bar, and the background executor the views share. */
package org.gapscope.app.shell;
