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
import re as _re
_a=hdr.find('    /** Rows of C from which'); _b=hdr.find('    /** Vectors of C per panel')
if _a>=0 and _b>_a: hdr=hdr[:_a]+hdr[_b:]
hdr=hdr.replace('static final int PANEL = 24;', f'static final int PANEL = {PANEL};')
if 'PACK_MIN_ROWS' not in hdr:
    hdr=hdr.replace('    /** Vectors of C per panel', '''    /** Rows of C from which a block of B is first copied into contiguous strips (the copy costs 1/rows of the work). */
    static final int PACK_MIN_ROWS = 12;
    /** Per-thread copy of a block of B: {@link Gemm#KC} rows × one panel, allocated once per thread. */
    private static final ThreadLocal<double[]> PACK_DOUBLE =
            ThreadLocal.withInitial(() -> new double[Gemm.KC * PANEL * DoubleVector.SPECIES_PREFERRED.length()]);
    private static final ThreadLocal<float[]> PACK_FLOAT =
            ThreadLocal.withInitial(() -> new float[Gemm.KC * PANEL * FloatVector.SPECIES_PREFERRED.length()]);
    /** Vectors of C per panel''')

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
rot='''
    @Override
    public void rot(double[] z, int xo, int yo, int len, double c, double s) {
        final int v = DS.length();
        DoubleVector cv = DoubleVector.broadcast(DS, c);
        DoubleVector sv = DoubleVector.broadcast(DS, s);
        int k = 0;
        for (; k + v <= len; k += v) {
            DoubleVector x = DoubleVector.fromArray(DS, z, xo + k);
            DoubleVector y = DoubleVector.fromArray(DS, z, yo + k);
            sv.mul(x).add(cv.mul(y)).intoArray(z, yo + k);
            cv.mul(x).sub(sv.mul(y)).intoArray(z, xo + k);
        }
        for (; k < len; k++) {
            double x = z[xo + k];
            double y = z[yo + k];
            z[yo + k] = s * x + c * y;
            z[xo + k] = c * x - s * y;
        }
    }
'''
rot += '''
    @Override
    public void rotations(double[] z, int ld, int len, int hi, int lo, double[] c, double[] s) {
        final int v = DS.length();
        int k = 0;
        for (; k + 4 * v <= len; k += 4 * v) {
            int top = (hi + 1) * ld + k;
            DoubleVector cur0 = DoubleVector.fromArray(DS, z, top);
            DoubleVector cur1 = DoubleVector.fromArray(DS, z, top + v);
            DoubleVector cur2 = DoubleVector.fromArray(DS, z, top + 2 * v);
            DoubleVector cur3 = DoubleVector.fromArray(DS, z, top + 3 * v);
            for (int i = hi; i >= lo; i--) {
                int row = i * ld + k;
                DoubleVector cv = DoubleVector.broadcast(DS, c[i]);
                DoubleVector sv = DoubleVector.broadcast(DS, s[i]);
                DoubleVector x0 = DoubleVector.fromArray(DS, z, row);
                DoubleVector x1 = DoubleVector.fromArray(DS, z, row + v);
                DoubleVector x2 = DoubleVector.fromArray(DS, z, row + 2 * v);
                DoubleVector x3 = DoubleVector.fromArray(DS, z, row + 3 * v);
                sv.mul(x0).add(cv.mul(cur0)).intoArray(z, row + ld);
                sv.mul(x1).add(cv.mul(cur1)).intoArray(z, row + ld + v);
                sv.mul(x2).add(cv.mul(cur2)).intoArray(z, row + ld + 2 * v);
                sv.mul(x3).add(cv.mul(cur3)).intoArray(z, row + ld + 3 * v);
                cur0 = cv.mul(x0).sub(sv.mul(cur0));
                cur1 = cv.mul(x1).sub(sv.mul(cur1));
                cur2 = cv.mul(x2).sub(sv.mul(cur2));
                cur3 = cv.mul(x3).sub(sv.mul(cur3));
            }
            int bottom = lo * ld + k;
            cur0.intoArray(z, bottom);
            cur1.intoArray(z, bottom + v);
            cur2.intoArray(z, bottom + 2 * v);
            cur3.intoArray(z, bottom + 3 * v);
        }
        for (; k + v <= len; k += v) {
            DoubleVector cur = DoubleVector.fromArray(DS, z, (hi + 1) * ld + k);
            for (int i = hi; i >= lo; i--) {
                DoubleVector x = DoubleVector.fromArray(DS, z, i * ld + k);
                DoubleVector cv = DoubleVector.broadcast(DS, c[i]);
                DoubleVector sv = DoubleVector.broadcast(DS, s[i]);
                sv.mul(x).add(cv.mul(cur)).intoArray(z, (i + 1) * ld + k);
                cur = cv.mul(x).sub(sv.mul(cur));
            }
            cur.intoArray(z, lo * ld + k);
        }
        for (; k < len; k++) {
            double cur = z[(hi + 1) * ld + k];
            for (int i = hi; i >= lo; i--) {
                double x = z[i * ld + k];
                z[(i + 1) * ld + k] = s[i] * x + c[i] * cur;
                cur = c[i] * x - s[i] * cur;
            }
            z[lo * ld + k] = cur;
        }
    }
'''
open(TARGET,'w').write(hdr+name+d+f+'}\n')
