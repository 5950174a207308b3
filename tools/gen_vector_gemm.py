#!/usr/bin/env python3
"""Generates the kernels of src/main/java/org/spectralssl/linalg/VectorGemm.java (run from anywhere):

    python3 tools/gen_vector_gemm.py 6 4 24      # rows of the main tile, vectors per tile, vectors per panel

It keeps the file's hand-written head (imports, class comment, constants up to name()) and rewrites
every method after it: run(), the tiles (R x W, 1..R-1 x W for the last rows, R x 1, 1 x 1) and the
plain loops, for double (c + a*b, never fused) and float (fma). Edit this script, not the generated
methods; GemmParityTest checks the result against NaiveGemm bit for bit.
"""
import os
TARGET = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'main', 'java', 'org', 'spectralssl',
                      'linalg', 'VectorGemm.java')
import sys
R=int(sys.argv[1]); W=int(sys.argv[2]); PANEL=int(sys.argv[3])
src=open(TARGET).read()
hdr=src[:src.index('    @Override\n    public String name()')]
hdr=hdr.replace('static final int PANEL = 24;', f'static final int PANEL = {PANEL};')

import re
hdr=re.sub(r'a tile of \d+ rows × \d+ vectors of\n \* C stays', f'a tile of {R} rows × {W} vectors of\n * C stays', hdr)
hdr=re.sub(r'\(\d+ broadcasts of A and \d+ loads\n \* of B per \d+ vector updates\)', f'({R} broadcasts of A and {W} loads\n * of B per {R*W} vector updates)', hdr)
hdr=re.sub(r'Remainders: \d+ rows × 1 vector', f'Remainders: {R} rows × 1 vector', hdr)
hdr=re.sub(r'\(\d+ tiles of \d+ vectors\)', f'({PANEL//W} tiles of {W} vectors)', hdr)
name='''    @Override
    public String name() {
        return "vector (jdk.incubator.vector, " + DS.vectorBitSize() + "-bit: " + FS.length() + " floats, "
                + DS.length() + " doubles)";
    }
'''
def tile(T,S,Vec,upd,rows,w):
    L=[]
    L.append(f'''
    private static void tile{rows}x{w}({T}[] a, int ai, int ars, int acs, {T}[] b, int bj, int ldb, {T}[] c, int cij,
            int ldc, int p0, int p1, boolean load) {{
        final int v = {S}.length();''')
    names=[f'c{r}{x}' for r in range(rows) for x in range(w)]
    L.append(f'        {Vec} '+', '.join(names)+';')
    L.append('        if (load) {')
    for r in range(rows):
        for x in range(w):
            off='cij'+(f' + {r} * ldc' if r>1 else (' + ldc' if r==1 else ''))+(f' + {x} * v' if x>1 else (' + v' if x==1 else ''))
            L.append(f'            c{r}{x} = {Vec}.fromArray({S}, c, {off});')
    L.append('        } else {')
    L.append(f'            c00 = {Vec}.zero({S});')
    for nm in names[1:]:
        L.append(f'            {nm} = c00;')
    L.append('        }')
    L.append('        for (int p = p0; p < p1; p++) {')
    L.append('            int bp = bj + p * ldb;')
    for x in range(w):
        off='bp'+(f' + {x} * v' if x>1 else (' + v' if x==1 else ''))
        L.append(f'            {Vec} b{x} = {Vec}.fromArray({S}, b, {off});')
    L.append('            int ap = ai + p * acs;')
    for r in range(rows):
        aoff='ap'+(f' + {r} * ars' if r>1 else (' + ars' if r==1 else ''))
        L.append(f'            {"" if r else Vec+" "}x = {Vec}.broadcast({S}, a[{aoff}]);')
        for x in range(w):
            L.append(f'            c{r}{x} = {upd("x",f"b{x}",f"c{r}{x}")};')
    L.append('        }')
    for r in range(rows):
        for x in range(w):
            off='cij'+(f' + {r} * ldc' if r>1 else (' + ldc' if r==1 else ''))+(f' + {x} * v' if x>1 else (' + v' if x==1 else ''))
            L.append(f'        c{r}{x}.intoArray(c, {off});')
    L.append('    }')
    return '\n'.join(L)+'\n'

def gen(T,S,Vec,upd,scal,z):
    TU=T.upper()
    return f'''
    @Override
    public void run({T}[] a, int aOff, int ars, int acs, {T}[] b, int bOff, int ldb, {T}[] c, int cOff, int ldc,
            int k, int i0, int i1, int j0, int j1, boolean accumulate) {{
        final int v = {S}.length();
        if (k == 0 && !accumulate) {{
            for (int i = i0; i < i1; i++) {{
                java.util.Arrays.fill(c, cOff + i * ldc + j0, cOff + i * ldc + j1, {z});
            }}
            return;
        }}
        final int panel = PANEL * v;
        final int strip = {W} * v;
        boolean pack = i1 - i0 >= PACK_MIN_ROWS;
        {T}[] packed = pack ? PACK_{TU}.get() : null;
        for (int p0 = 0; p0 < k; p0 += Gemm.KC) {{
            int p1 = Math.min(k, p0 + Gemm.KC);
            boolean load = accumulate || p0 > 0;
            for (int jc = j0; jc < j1; jc += panel) {{
                int je = Math.min(j1, jc + panel);
                int strips = (je - jc) / strip;
                if (pack) {{
                    // B[p0:p1, jc:jc+strips·strip] as contiguous strips, row by row: the same values, so the same bits.
                    for (int s = 0; s < strips; s++) {{
                        int dst = s * Gemm.KC * strip;
                        int src = bOff + jc + s * strip;
                        for (int p = p0; p < p1; p++) {{
                            System.arraycopy(b, src + p * ldb, packed, dst + (p - p0) * strip, strip);
                        }}
                    }}
                }}
                int i = i0;
                for (; i + {R} <= i1; i += {R}) {{
                    int ai = aOff + i * ars;
                    int ci = cOff + i * ldc;
                    int j = jc;
                    for (int s = 0; s < strips; s++, j += strip) {{
                        if (pack) {{
                            tile{R}x{W}(a, ai, ars, acs, packed, s * Gemm.KC * strip - p0 * strip, strip, c, ci + j, ldc,
                                    p0, p1, load);
                        }} else {{
                            tile{R}x{W}(a, ai, ars, acs, b, bOff + j, ldb, c, ci + j, ldc, p0, p1, load);
                        }}
                    }}
                    for (; j + v <= je; j += v) {{
                        tile{R}x1(a, ai, ars, acs, b, bOff + j, ldb, c, ci + j, ldc, p0, p1, load);
                    }}
                    for (int r = 0; r < {R}; r++) {{
                        plain(a, ai + r * ars, acs, b, bOff, ldb, c, ci + r * ldc, j, je, p0, p1, load);
                    }}
                }}
                int rem = i1 - i;
                if (rem > 0) {{
                    // The last 1…{R-1} rows: tiles of rem rows × {W} vectors ({W} independent sums per row,
                    // where one vector at a time would wait on each fma's latency).
                    int ai = aOff + i * ars;
                    int ci = cOff + i * ldc;
                    int j = jc;
                    for (int s = 0; s < strips; s++, j += strip) {{
                        {T}[] bb = pack ? packed : b;
                        int bj = pack ? s * Gemm.KC * strip - p0 * strip : bOff + j;
                        int bl = pack ? strip : ldb;
                        switch (rem) {{
                            case 1 -> tile1x{W}(a, ai, ars, acs, bb, bj, bl, c, ci + j, ldc, p0, p1, load);
                            case 2 -> tile2x{W}(a, ai, ars, acs, bb, bj, bl, c, ci + j, ldc, p0, p1, load);
                            case 3 -> tile3x{W}(a, ai, ars, acs, bb, bj, bl, c, ci + j, ldc, p0, p1, load);
                            case 4 -> tile4x{W}(a, ai, ars, acs, bb, bj, bl, c, ci + j, ldc, p0, p1, load);
                            case 5 -> tile5x{W}(a, ai, ars, acs, bb, bj, bl, c, ci + j, ldc, p0, p1, load);
                            default -> throw new IllegalStateException("rows left: " + rem);
                        }}
                    }}
                    for (; j + v <= je; j += v) {{
                        for (int r = 0; r < rem; r++) {{
                            tile1x1(a, ai + r * ars, ars, acs, b, bOff + j, ldb, c, ci + r * ldc + j, ldc, p0, p1, load);
                        }}
                    }}
                    for (int r = 0; r < rem; r++) {{
                        plain(a, ai + r * ars, acs, b, bOff, ldb, c, ci + r * ldc, j, je, p0, p1, load);
                    }}
                }}
            }}
        }}
    }}
''' + tile(T,S,Vec,upd,R,W) + ''.join(tile(T,S,Vec,upd,r,W) for r in range(1, R)) + tile(T,S,Vec,upd,R,1) + tile(T,S,Vec,upd,1,1) + f'''
    /** Columns [j, je) of one row, in plain loops under the same contract. */
    private static void plain({T}[] a, int ai, int acs, {T}[] b, int bOff, int ldb, {T}[] c, int ci, int j, int je,
            int p0, int p1, boolean load) {{
        for (int jj = j; jj < je; jj++) {{
            {T} s = load ? c[ci + jj] : {z};
            for (int p = p0; p < p1; p++) {{
                s = {scal('a[ai + p * acs]', 'b[bOff + p * ldb + jj]', 's')};
            }}
            c[ci + jj] = s;
        }}
    }}
'''
d=gen('double','DS','DoubleVector',lambda x,b,c:f'{c}.add({x}.mul({b}))',lambda x,b,c:f'{c} + {x} * {b}','0d')
f=gen('float','FS','FloatVector',lambda x,b,c:f'{x}.fma({b}, {c})',lambda x,b,c:f'Math.fma({x}, {b}, {c})','0f')
open(TARGET,'w').write(hdr+name+d+f+'}\n')
