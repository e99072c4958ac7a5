#!/usr/bin/env python3
"""An independent SAML 2.0 identity provider for the Latvija.lv (VPM) adapter's interop test.

Uses Debian's pysaml2 (signing and verification through xmlsec1), none of our code:
  sign    reads JSON parameters on stdin, prints one signed saml2:Assertion
          (exclusive c14n, RSA-SHA256, enveloped) with the VPM's claims;
  verify  reads a signed saml2:Assertion on stdin and checks its signature with pysaml2 against
          the certificate file given as argv[2]; prints JSON with the verdict and the claims.
"""
import json
import sys

from saml2 import class_name, saml
from saml2 import xmldsig as ds
from saml2.saml import (
    NAMEID_FORMAT_ENTITY,
    Assertion,
    Attribute,
    AttributeStatement,
    AttributeValue,
    Audience,
    AudienceRestriction,
    AuthnContext,
    AuthnContextClassRef,
    AuthnStatement,
    Conditions,
    Issuer,
    NameID,
    Subject,
    SubjectConfirmation,
    SubjectConfirmationData,
)
from saml2.sigver import CryptoBackendXmlSec1, SecurityContext, get_xmlsec_binary, pre_signature_part

CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims"
LEVEL = "http://ivis.eps.gov.lv/schema/identity/claims"
URI_FORMAT = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"


def context(key_file="", cert_file=""):
    crypto = CryptoBackendXmlSec1(get_xmlsec_binary(["/usr/bin"]))
    return SecurityContext(crypto, key_file=key_file, cert_file=cert_file)


def attribute(name, values):
    return Attribute(
        name=name,
        name_format=URI_FORMAT,
        attribute_value=[AttributeValue(text=v) for v in values],
    )


def sign(params):
    ident = params["id"]
    bearer = SubjectConfirmation(
        method=saml.SCM_BEARER,
        subject_confirmation_data=SubjectConfirmationData(
            recipient=params["reply"], not_on_or_after=params["notOnOrAfter"]
        ),
    )
    assertion = Assertion(
        id=ident,
        version="2.0",
        issue_instant=params["now"],
        issuer=Issuer(text=params["issuer"], format=NAMEID_FORMAT_ENTITY),
        subject=Subject(
            name_id=NameID(format="urn:ivis:100001:name.id-viss", text="PK:" + params["codes"][0]),
            subject_confirmation=[bearer],
        ),
        conditions=Conditions(
            not_before=params["now"],
            not_on_or_after=params["notOnOrAfter"],
            audience_restriction=[AudienceRestriction(audience=[Audience(text=params["realm"])])],
        ),
        authn_statement=[
            AuthnStatement(
                authn_instant=params["now"],
                authn_context=AuthnContext(
                    authn_context_class_ref=AuthnContextClassRef(text=params["means"])
                ),
            )
        ],
        attribute_statement=[
            AttributeStatement(
                attribute=[
                    attribute(CLAIMS + "/givenname", [params["givenName"]]),
                    attribute(CLAIMS + "/surname", [params["familyName"]]),
                    attribute(CLAIMS + "/privatepersonalidentifier", params["codes"]),
                    attribute(LEVEL + "/citizenQAALevel", [params["level"]]),
                ]
            )
        ],
    )
    with open(params["certFile"]) as f:
        pem = "".join(line.strip() for line in f if "-----" not in line)
    assertion.signature = pre_signature_part(
        ident, pem, digest_alg=ds.DIGEST_SHA256, sign_alg=ds.SIG_RSA_SHA256
    )
    sec = context(key_file=params["keyFile"], cert_file=params["certFile"])
    signed = sec.sign_statement(
        str(assertion), node_name=class_name(assertion), key_file=params["keyFile"], node_id=ident
    )
    sys.stdout.write(signed if isinstance(signed, str) else signed.decode())


def verify(xml, cert_file):
    assertion = saml.assertion_from_string(xml)
    sec = context(cert_file=cert_file)
    try:
        ok = sec.verify_signature(
            xml, cert_file=cert_file, node_name=class_name(Assertion()), node_id=assertion.id
        )
    except Exception as error:  # pysaml2 raises on a bad signature
        print(json.dumps({"valid": False, "error": type(error).__name__}))
        return
    claims = {}
    for statement in assertion.attribute_statement:
        for a in statement.attribute:
            claims[a.name] = [v.text for v in a.attribute_value]
    print(json.dumps({"valid": bool(ok), "issuer": assertion.issuer.text, "claims": claims}))


if __name__ == "__main__":
    if sys.argv[1] == "sign":
        sign(json.load(sys.stdin))
    elif sys.argv[1] == "verify":
        verify(sys.stdin.read(), sys.argv[2])
    else:
        sys.exit("usage: pysaml2_idp.py sign|verify [cert-file]")
