/**
 * Namespaces and identifiers of ebMS 3.0 Core (OASIS 2007), AS4 (OASIS 2013), SOAP 1.2,
 * WS-Security 1.1.1 with its X.509 token and SwA profiles, XML Encryption 1.1 and the ebBP
 * signal schema, as the eDelivery AS4 1.15 common profile uses them. Every URI is named once.
 */
export const SOAP12_NS = "http://www.w3.org/2003/05/soap-envelope";
export const EBMS_NS = "http://docs.oasis-open.org/ebxml-msg/ebms/v3.0/ns/core/200704/";
export const WSSE_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
export const WSSE11_NS = "http://docs.oasis-open.org/wss/oasis-wss-wssecurity-secext-1.1.xsd";
export const WSU_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
export const XENC_NS = "http://www.w3.org/2001/04/xmlenc#";
export const XENC11_NS = "http://www.w3.org/2009/xmlenc11#";
export const DS_NS = "http://www.w3.org/2000/09/xmldsig#";
export const EBBP_NS = "http://docs.oasis-open.org/ebxml-bp/ebbp-signals-2.0";

// ebMS 3.0 Core defaults (§4.3, §5.2.2) and AS4 (§3.2 compression)
export const DEFAULT_MPC = "http://docs.oasis-open.org/ebxml-msg/ebms/v3.0/ns/core/200704/defaultMPC";
export const DEFAULT_ROLE = "http://docs.oasis-open.org/ebxml-msg/ebms/v3.0/ns/core/200704/defaultRole";
export const TEST_SERVICE = "http://docs.oasis-open.org/ebxml-msg/ebms/v3.0/ns/core/200704/service";
export const TEST_ACTION = "http://docs.oasis-open.org/ebxml-msg/ebms/v3.0/ns/core/200704/test";
export const MEP_ONE_WAY = "http://docs.oasis-open.org/ebxml-msg/ebms/v3.0/ns/core/200704/oneWay";
export const MEP_BINDING_PUSH = "http://docs.oasis-open.org/ebxml-msg/ebms/v3.0/ns/core/200704/push";
export const GZIP_MIME = "application/gzip";

// WS-Security X.509 token profile 1.1 and SOAP message security 1.1
export const X509V3_TOKEN =
  "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3";
export const X509_SKI =
  "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509SubjectKeyIdentifier";
export const BASE64_BINARY =
  "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";

// WS-Security SwA profile 1.1 (§5.2 signing, §5.4 encrypting attachments)
export const SWA_CONTENT_SIGNATURE_TRANSFORM =
  "http://docs.oasis-open.org/wss/oasis-wss-SwAProfile-1.1#Attachment-Content-Signature-Transform";
export const SWA_CIPHERTEXT_TRANSFORM =
  "http://docs.oasis-open.org/wss/oasis-wss-SwAProfile-1.1#Attachment-Ciphertext-Transform";
export const SWA_CONTENT_ONLY =
  "http://docs.oasis-open.org/wss/oasis-wss-SwAProfile-1.1#Attachment-Content-Only";

// XML Encryption 1.1 (§5.2.4 AES-GCM, §5.5.2 RSA-OAEP)
export const AES128_GCM = "http://www.w3.org/2009/xmlenc11#aes128-gcm";
export const RSA_OAEP_XENC11 = "http://www.w3.org/2009/xmlenc11#rsa-oaep";
export const MGF1_SHA256 = "http://www.w3.org/2009/xmlenc11#mgf1sha256";
export const XENC_TYPE_ENCRYPTED_KEY = "http://www.w3.org/2001/04/xmlenc#EncryptedKey";
