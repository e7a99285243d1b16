/**
 * Running examples through the loaded model: both queries with captures and answers, the analysis
 * of METHOD.md on the pair, and the current example's result that every analysis view shows.
 */
package org.gapscope.app.run;
