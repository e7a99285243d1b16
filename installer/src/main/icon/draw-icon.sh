#!/usr/bin/env bash
# Draws GapScope's application icon (gapscope.png, 256x256) with ImageMagick: a token-level
# similarity heatmap in the viridis palette with its near-monotonic alignment path, the picture
# the explorer is about. Run it again only to change the icon; the build uses the committed PNG.
set -euo pipefail
cd "$(dirname "$0")"
SIZE=256 N=8 MARGIN=24 RADIUS=36

# One "fill ... rectangle ..." per cell: similarity falls off with the distance from a bent
# monotonic path (row i = text token, column = speech position), plus a faint gradient.
CELLS="$(awk -v n=$N -v size=$SIZE -v m=$MARGIN 'BEGIN {
    split("68,1,84 59,82,139 33,145,140 94,201,98 253,231,37", stop, " ");
    for (k = 1; k <= 5; k++) { split(stop[k], c, ","); R[k-1] = c[1]; G[k-1] = c[2]; B[k-1] = c[3]; }
    cell = (size - 2 * m) / n;
    for (i = 0; i < n; i++) {
        p = (n - 1) * (i / (n - 1)) ^ 1.25;                 # the alignment path, bent like a real one
        for (j = 0; j < n; j++) {
            d = j - p;
            s = exp(-d * d / 0.9) * 0.92 + 0.10 * (1 - (i + j) / (2 * (n - 1)));
            if (s > 1) s = 1;
            x = s * 4; k = int(x); if (k > 3) k = 3; f = x - k;
            r = int(R[k] + f * (R[k+1] - R[k])); g = int(G[k] + f * (G[k+1] - G[k])); b = int(B[k] + f * (B[k+1] - B[k]));
            x0 = m + j * cell; y0 = m + i * cell;
            printf "fill rgb(%d,%d,%d) rectangle %d,%d %d,%d ", r, g, b, x0 + 1, y0 + 1, x0 + cell - 2, y0 + cell - 2;
        }
    }
}')"

# The path itself: a white polyline through the centre of each row's best cell.
PATH_POINTS="$(awk -v n=$N -v size=$SIZE -v m=$MARGIN 'BEGIN {
    cell = (size - 2 * m) / n;
    for (i = 0; i < n; i++) {
        p = int((n - 1) * (i / (n - 1)) ^ 1.25 + 0.5);
        printf "%s%d,%d", (i ? " " : ""), m + p * cell + cell / 2, m + i * cell + cell / 2;
    }
}')"

convert -size ${SIZE}x${SIZE} xc:none \
    -fill '#1b1f2a' -draw "roundrectangle 0,0 $((SIZE - 1)),$((SIZE - 1)) $RADIUS,$RADIUS" \
    -draw "$CELLS" \
    -fill none -stroke white -strokewidth 6 -draw "stroke-linejoin round stroke-linecap round path 'M ${PATH_POINTS// / L }'" \
    -stroke none -fill white -draw "$(for pt in $PATH_POINTS; do x=${pt%,*}; y=${pt#*,}; printf 'circle %d,%d %d,%d ' "$x" "$y" $((x + 7)) "$y"; done)" \
    -depth 8 -strip gapscope.png
echo "wrote $(pwd)/gapscope.png"
