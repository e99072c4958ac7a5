/**
 * Identifiers of XML Signature (XMLDSig 1.1 §6, RFC 6931, RFC 9231) used by this core.
 * Every algorithm, namespace and type URI is a named constant.
 */
export const DSIG_NAMESPACE = "http://www.w3.org/2000/09/xmldsig#";
export const DSIG11_NAMESPACE = "http://www.w3.org/2009/xmldsig11#";
export const DSIG_MORE_2007_NAMESPACE = "http://www.w3.org/2007/05/xmldsig-more#";
export const XPATH_FILTER2_NAMESPACE = "http://www.w3.org/2002/06/xmldsig-filter2";

// Digests (XMLDSig 1.1 §6.2, RFC 6931 §2.1)
export const DIGEST_SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1";
export const DIGEST_SHA224 = "http://www.w3.org/2001/04/xmldsig-more#sha224";
export const DIGEST_SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
export const DIGEST_SHA384 = "http://www.w3.org/2001/04/xmldsig-more#sha384";
export const DIGEST_SHA512 = "http://www.w3.org/2001/04/xmlenc#sha512";
export const DIGEST_SHA3_224 = "http://www.w3.org/2007/05/xmldsig-more#sha3-224";
export const DIGEST_SHA3_256 = "http://www.w3.org/2007/05/xmldsig-more#sha3-256";
export const DIGEST_SHA3_384 = "http://www.w3.org/2007/05/xmldsig-more#sha3-384";
export const DIGEST_SHA3_512 = "http://www.w3.org/2007/05/xmldsig-more#sha3-512";
/** RIPEMD-160 (XML Encryption §5.7.4; RFC 6931 §2.1): verify only. */
export const DIGEST_RIPEMD160 = "http://www.w3.org/2001/04/xmlenc#ripemd160";
/** MD5 (RFC 6931 §2.1.1): broken; refused with its own code (xmldsig-weak-algorithm). */
export const DIGEST_MD5 = "http://www.w3.org/2001/04/xmldsig-more#md5";

// Signature methods (XMLDSig 1.1 §6.4, RFC 6931 §2.3)
export const SIG_RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
export const SIG_RSA_SHA224 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha224";
export const SIG_RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
export const SIG_RSA_SHA384 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384";
export const SIG_RSA_SHA512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512";
/** RFC 6931 §2.3.5: verify only. */
export const SIG_RSA_RIPEMD160 = "http://www.w3.org/2001/04/xmldsig-more#rsa-ripemd160";
/** RFC 6931 §2.3.1: broken; refused (xmldsig-weak-algorithm). */
export const SIG_RSA_MD5 = "http://www.w3.org/2001/04/xmldsig-more#rsa-md5";
/** RSASSA-PSS with MGF1 of the same hash, salt length = hash length (RFC 6931 §2.3.10). */
export const SIG_RSA_PSS_MD2_MGF1 = "http://www.w3.org/2007/05/xmldsig-more#md2-rsa-MGF1";
export const SIG_RSA_PSS_MD5_MGF1 = "http://www.w3.org/2007/05/xmldsig-more#md5-rsa-MGF1";
export const SIG_RSA_PSS_SHA1_MGF1 = "http://www.w3.org/2007/05/xmldsig-more#sha1-rsa-MGF1";
export const SIG_RSA_PSS_SHA224_MGF1 = "http://www.w3.org/2007/05/xmldsig-more#sha224-rsa-MGF1";
export const SIG_RSA_PSS_SHA256_MGF1 = "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1";
export const SIG_RSA_PSS_SHA384_MGF1 = "http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1";
export const SIG_RSA_PSS_SHA512_MGF1 = "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1";
export const SIG_RSA_PSS_SHA3_224_MGF1 = "http://www.w3.org/2007/05/xmldsig-more#sha3-224-rsa-MGF1";
export const SIG_RSA_PSS_SHA3_256_MGF1 = "http://www.w3.org/2007/05/xmldsig-more#sha3-256-rsa-MGF1";
export const SIG_RSA_PSS_SHA3_384_MGF1 = "http://www.w3.org/2007/05/xmldsig-more#sha3-384-rsa-MGF1";
export const SIG_RSA_PSS_SHA3_512_MGF1 = "http://www.w3.org/2007/05/xmldsig-more#sha3-512-rsa-MGF1";
export const SIG_RSA_PSS_RIPEMD128_MGF1 = "http://www.w3.org/2007/05/xmldsig-more#ripemd128-rsa-MGF1";
export const SIG_RSA_PSS_RIPEMD160_MGF1 = "http://www.w3.org/2007/05/xmldsig-more#ripemd160-rsa-MGF1";
export const SIG_RSA_PSS_WHIRLPOOL_MGF1 = "http://www.w3.org/2007/05/xmldsig-more#whirlpool-rsa-MGF1";
/** RSASSA-PSS with explicit RSAPSSParams (RFC 6931 §2.3.10, xmldsig-more 2007 namespace). */
export const SIG_RSA_PSS = "http://www.w3.org/2007/05/xmldsig-more#rsa-pss";
export const SIG_ECDSA_SHA1 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1";
export const SIG_ECDSA_SHA224 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha224";
export const SIG_ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
export const SIG_ECDSA_SHA384 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384";
export const SIG_ECDSA_SHA512 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512";
/** EdDSA (RFC 9231 §2.3.13, RFC 8032): PureEdDSA over the canonical SignedInfo. */
export const SIG_EDDSA_ED25519 = "http://www.w3.org/2021/04/xmldsig-more#eddsa-ed25519";
export const SIG_EDDSA_ED448 = "http://www.w3.org/2021/04/xmldsig-more#eddsa-ed448";
export const SIG_DSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#dsa-sha1";
export const SIG_DSA_SHA256 = "http://www.w3.org/2009/xmldsig11#dsa-sha256";
export const SIG_HMAC_SHA1 = "http://www.w3.org/2000/09/xmldsig#hmac-sha1";
export const SIG_HMAC_SHA224 = "http://www.w3.org/2001/04/xmldsig-more#hmac-sha224";
export const SIG_HMAC_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256";
export const SIG_HMAC_SHA384 = "http://www.w3.org/2001/04/xmldsig-more#hmac-sha384";
export const SIG_HMAC_SHA512 = "http://www.w3.org/2001/04/xmldsig-more#hmac-sha512";
export const SIG_HMAC_RIPEMD160 = "http://www.w3.org/2001/04/xmldsig-more#hmac-ripemd160";
export const SIG_HMAC_MD5 = "http://www.w3.org/2001/04/xmldsig-more#hmac-md5";

/** MGF1 mask generation function (RFC 6931 §2.3.10 RSAPSSParams). */
export const MGF1 = "http://www.w3.org/2007/05/xmldsig-more#MGF1";

// Transforms (XMLDSig 1.1 §6.6)
export const TRANSFORM_ENVELOPED_SIGNATURE = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
export const TRANSFORM_BASE64 = "http://www.w3.org/2000/09/xmldsig#base64";
export const TRANSFORM_XPATH = "http://www.w3.org/TR/1999/REC-xpath-19991116";
export const TRANSFORM_XPATH_FILTER2 = "http://www.w3.org/2002/06/xmldsig-filter2";
export const TRANSFORM_XSLT = "http://www.w3.org/TR/1999/REC-xslt-19991116";
export const XSLT_NAMESPACE = "http://www.w3.org/1999/XSL/Transform";

// KeyInfo (XMLDSig 1.1 §4.5)
export const RETRIEVAL_RAW_X509_CERTIFICATE = "http://www.w3.org/2000/09/xmldsig#rawX509Certificate";
export const RETRIEVAL_X509_DATA = "http://www.w3.org/2000/09/xmldsig#X509Data";
export const RETRIEVAL_KEY_VALUE = "http://www.w3.org/2000/09/xmldsig#KeyValue";
/** dsig11:DEREncodedKeyValue as a RetrievalMethod Type (XMLDSig 1.1 §4.5.3). */
export const RETRIEVAL_DER_ENCODED_KEY_VALUE = "http://www.w3.org/2009/xmldsig11#DEREncodedKeyValue";
/** Named curves in dsig11:ECKeyValue are given as URN OIDs (RFC 5480 §2.1.1.1). */
export const CURVE_P256 = "urn:oid:1.2.840.10045.3.1.7";
export const CURVE_P384 = "urn:oid:1.3.132.0.34";
export const CURVE_P521 = "urn:oid:1.3.132.0.35";
