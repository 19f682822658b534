"""Certificates the mail tests make for their own loopback servers (SMTP, IMAP): a test
certificate authority, a server certificate for 127.0.0.1/localhost signed by it, and a
self-signed certificate no client trusts (for "a certificate that does not verify")."""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ServerCertificate:
    ca_file: Path  # what a client is told to trust (`ca_file` in the mail settings)
    cert_file: Path  # the server's certificate (PEM)
    key_file: Path  # the server's private key (PEM, unencrypted)


def _name(common_name: str):  # noqa: ANN202
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _key():  # noqa: ANN202
    from cryptography.hazmat.primitives.asymmetric import ec

    return ec.generate_private_key(ec.SECP256R1())


def _write_key(key, path: Path) -> None:  # noqa: ANN001
    from cryptography.hazmat.primitives import serialization

    path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))


def make_certificates(folder: Path, *, trusted: bool = True) -> ServerCertificate:
    """A server certificate for 127.0.0.1 and localhost in `folder`. trusted=True: signed by a
    test CA written to ca.pem (give it to the client); trusted=False: self-signed, and ca.pem is
    another CA that did not sign it, so verification fails as with a stranger's certificate."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization

    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    ca_key = _key()
    ca_cert = (x509.CertificateBuilder().subject_name(_name("cada test CA"))
               .issuer_name(_name("cada test CA")).public_key(ca_key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(days=1))
               .not_valid_after(now + dt.timedelta(days=30))
               .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True,
                                            crl_sign=True, content_commitment=False,
                                            key_encipherment=False, data_encipherment=False,
                                            key_agreement=False, encipher_only=False,
                                            decipher_only=False), critical=True)
               .sign(ca_key, hashes.SHA256()))
    key = _key()
    builder = (x509.CertificateBuilder().subject_name(_name("localhost"))
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(days=1))
               .not_valid_after(now + dt.timedelta(days=30))
               .add_extension(x509.SubjectAlternativeName([
                   x509.DNSName("localhost"),
                   x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True))
    if trusted:
        cert = builder.issuer_name(_name("cada test CA")).sign(ca_key, hashes.SHA256())
    else:
        cert = builder.issuer_name(_name("localhost")).sign(key, hashes.SHA256())
    paths = ServerCertificate(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    paths.ca_file.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    paths.cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    _write_key(key, paths.key_file)
    return paths
