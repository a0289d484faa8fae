#!/usr/bin/env python3
# rig_mkstream.py OUT.pcap DATAGRAMS DST_MAC: a NetFlow v5 export stream
# (30 records per datagram, flow_sequence counting records) from the rig's
# gateway 198.19.253.1:40000 to its collector 198.19.253.2:9995, framed
# for the collector veth (destination MAC given) so that tcpreplay can
# play it into the collector namespace at a chosen rate.  For bench/rig.sh.
import struct, sys

out = open(sys.argv[1], 'wb')
n = int(sys.argv[2])
dmac = bytes(int(x, 16) for x in sys.argv[3].split(':'))
smac = bytes([0x02, 0x70, 0x66, 0x03, 0x00, 0x01])
src = bytes([198, 19, 253, 1])
dst = bytes([198, 19, 253, 2])

def csum(b):
    s = sum(struct.unpack('>%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff

out.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
ts = 1767225600
for d in range(n):
    recs = b''.join(struct.pack('>4s4s4sHHIIIIHHBBBBHHBBH',
                    bytes([198, 18, 1, (d + r) & 255]), bytes([198, 18, 2, 2]),
                    b'\0\0\0\0', 0, 0, 10, 4000, 1000, 2000,
                    40000 + r, 80, 0, 0x1b, 6, 0, 0, 0, 0, 0, 0)
                    for r in range(30))
    hdr = struct.pack('>HHIIIIBBH', 5, 30, 3600000, ts, 0, d * 30, 0, 0, 0)
    payload = hdr + recs
    udp = struct.pack('>HHHH', 40000, 9995, 8 + len(payload), 0) + payload
    ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), d & 0xffff,
                     0, 64, 17, 0, src, dst)
    ip = ip[:10] + struct.pack('>H', csum(ip)) + ip[12:]
    fr = dmac + smac + b'\x08\x00' + ip + udp
    out.write(struct.pack('<IIII', ts, d % 1000000, len(fr), len(fr)) + fr)
out.close()
