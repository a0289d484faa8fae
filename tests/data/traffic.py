#!/usr/bin/env python3
# traffic.py OUT.pcap: a few IPv4 sessions (TCP with handshake and FIN,
# UDP query/answer, ICMP echo) between 198.18.1.0/24 and 198.18.2.0/24,
# as Ethernet frames with fixed timestamps.
import struct, sys

def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('>%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff

def ip4(a):
    return bytes(int(x) for x in a.split('.'))

def frame(src, dst, proto, l4):
    h = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(l4), 1, 0, 64,
                    proto, 0, ip4(src), ip4(dst))
    h = h[:10] + struct.pack('>H', csum(h)) + h[12:]
    eth = b'\x02\0\0\0\0\x02' + b'\x02\0\0\0\0\x01' + b'\x08\x00'
    return eth + h + l4

def tcp(sp, dp, seq, ack, flags, payload=b''):
    return struct.pack('>HHIIBBHHH', sp, dp, seq, ack, 5 << 4, flags,
                       65535, 0, 0) + payload

def udp(sp, dp, payload):
    return struct.pack('>HHHH', sp, dp, 8 + len(payload), 0) + payload

def icmp(t, ident, seq, payload):
    return struct.pack('>BBHHH', t, 0, 0, ident, seq) + payload

pkts = []
t0 = 1767225600.0
def add(dt, fr):
    pkts.append((t0 + dt, fr))

n = 0
for s in range(6):
    c, sv = '198.18.1.%d' % (2 + s), '198.18.2.%d' % (2 + s % 3)
    cp, dp = 40000 + s, 80 if s % 2 == 0 else 443
    t = s * 0.25
    add(t, frame(c, sv, 6, tcp(cp, dp, 1000, 0, 0x02)))
    add(t + 0.01, frame(sv, c, 6, tcp(dp, cp, 5000, 1001, 0x12)))
    add(t + 0.02, frame(c, sv, 6, tcp(cp, dp, 1001, 5001, 0x10)))
    for k in range(s + 1):
        add(t + 0.03 + k * 0.01,
            frame(c, sv, 6, tcp(cp, dp, 1001, 5001, 0x18, b'x' * (100 * (k + 1)))))
        add(t + 0.035 + k * 0.01,
            frame(sv, c, 6, tcp(dp, cp, 5001, 1001, 0x18, b'y' * (1000 + k))))
    add(t + 0.2, frame(c, sv, 6, tcp(cp, dp, 2000, 9000, 0x11)))
    add(t + 0.21, frame(sv, c, 6, tcp(dp, cp, 9000, 2001, 0x11)))
    add(t + 0.22, frame(c, sv, 6, tcp(cp, dp, 2001, 9001, 0x10)))
for s in range(4):
    c, sv = '198.18.1.%d' % (20 + s), '198.18.2.53'
    add(2 + s * 0.1, frame(c, sv, 17, udp(5353 + s, 53, b'q' * (30 + s))))
    add(2.01 + s * 0.1, frame(sv, c, 17, udp(53, 5353 + s, b'a' * (100 + s))))
for k in range(3):
    add(3 + k, frame('198.18.1.9', '198.18.2.9', 1, icmp(8, 77, k, b'p' * 56)))
    add(3.001 + k, frame('198.18.2.9', '198.18.1.9', 1, icmp(0, 77, k, b'p' * 56)))
pkts.sort(key=lambda p: p[0])
with open(sys.argv[1], 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for ts, fr in pkts:
        sec = int(ts)
        us = int(round((ts - sec) * 1e6))
        f.write(struct.pack('<IIII', sec, us, len(fr), len(fr)) + fr)
