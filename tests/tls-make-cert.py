#!/usr/bin/env python3
# Makes a self-signed certificate and key (PEM) for the TLS tests, with
# validity dates that openssl's command line cannot set (an expired one).
# Usage: tls-make-cert.py CERT KEY NAME[,NAME...] [FROM_DAYS TO_DAYS]
# Names that parse as IP addresses become IP SANs; days are relative to now.
import datetime
import ipaddress
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

cert_path, key_path, names = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
from_days = int(sys.argv[4]) if len(sys.argv) > 4 else -1
to_days = int(sys.argv[5]) if len(sys.argv) > 5 else 30

key = ec.generate_private_key(ec.SECP256R1())
sans = []
for n in names:
    try:
        sans.append(x509.IPAddress(ipaddress.ip_address(n)))
    except ValueError:
        sans.append(x509.DNSName(n))
subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])])
now = datetime.datetime.utcnow()
cert = (x509.CertificateBuilder()
        .subject_name(subject).issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + datetime.timedelta(days=from_days))
        .not_valid_after(now + datetime.timedelta(days=to_days))
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256()))
with open(cert_path, "wb") as f:
    f.write(cert.public_bytes(serialization.Encoding.PEM))
with open(key_path, "wb") as f:
    f.write(key.private_bytes(serialization.Encoding.PEM,
                              serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()))
