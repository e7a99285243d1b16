/**
 * NumPy interoperability: {@code .npy} and {@code .npz} files read and written without pickles, so
 * that hidden-state dumps and captures move between GapScope and a researcher's Python code.
 */
package org.gapscope.npy;
