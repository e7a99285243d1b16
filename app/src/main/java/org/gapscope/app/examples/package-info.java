/** The example list: the loaded example set, per-example marks, filter, sort and keyboard navigation. */
package org.gapscope.app.examples;
