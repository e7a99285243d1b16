/**
 * Example sets: the JSON Lines dataset format (one spoken question per line with its transcript and
 * gold answer), read with line-numbered error reports, and the scoring of generated answers.
 */
package org.gapscope.dataset;
