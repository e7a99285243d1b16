/**
 * The current example's result that every analysis view shows: core's engine runs the example
 * through the loaded model (both queries with captures and answers, the analysis of METHOD.md on the
 * pair), recent results are cached, and the marks are written into the example list.
 */
package org.gapscope.app.run;
