#!/usr/bin/env python3
# collect_mkpcap.py OUT.pcap MESSAGES [PORT]: an IPFIX export capture as
# OpenBSD pflow sends it (template 256 every 1000 messages, 26 IPv4
# records of 54 octets per message, observation domain 42, sequence
# counting records), UDP 127.0.0.1:40000 -> 127.0.0.1:PORT (default 4739)
# in Ethernet frames with valid IPv4 checksums, so that tcpreplay can
# also play it onto the loopback interface.  For bench/collect.sh.
import struct, sys

out = open(sys.argv[1], 'wb')
n = int(sys.argv[2])
port = int(sys.argv[3]) if len(sys.argv) > 3 else 4739
dst = bytes([127, 0, 0, 1])
src = bytes([127, 0, 0, 1])

def csum(b):
    s = sum(struct.unpack('>%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff

def frame(payload):
    udp = struct.pack('>HHHH', 40000, port, 8 + len(payload), 0) + payload
    ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 1, 0, 64,
                     17, 0, src, dst)
    ip = ip[:10] + struct.pack('>H', csum(ip)) + ip[12:]
    return b'\0\0\0\0\0\0\0\0\0\0\0\0\x08\x00' + ip + udp

fields = [(8, 4), (12, 4), (10, 4), (14, 4), (2, 8), (1, 8), (152, 8),
          (153, 8), (7, 2), (11, 2), (5, 1), (4, 1)]
t = struct.pack('>HH', 256, 12) + b''.join(struct.pack('>HH', i, l)
                                          for i, l in fields)
tset = struct.pack('>HH', 2, 4 + len(t)) + t
ts = 1767225600

def rec(i):
    return struct.pack('>4s4sIIQQQQHHBB', bytes([198, 18, (i >> 8) & 255,
                       i & 255]), bytes([198, 19, 0, 2]), 1, 1, 5 + i % 7,
                       500 + i, (ts - 10) * 1000, (ts - 5) * 1000,
                       1024 + i, 80, 0, 6)

recs = b''.join(rec(i) for i in range(26))
dset = struct.pack('>HH', 256, 4 + len(recs)) + recs
out.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
seq = 0
us = 0
def put(msg):
    global us
    f = frame(msg)
    out.write(struct.pack('<IIII', ts + us // 1000000, us % 1000000,
                          len(f), len(f)) + f)
    us += 10
for m in range(n):
    if m % 1000 == 0:
        put(struct.pack('>HHIII', 10, 16 + len(tset), ts, seq, 42) + tset)
    put(struct.pack('>HHIII', 10, 16 + len(dset), ts, seq, 42) + dset)
    seq += 26
