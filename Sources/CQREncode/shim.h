// libqrencode: QR codes for the participants' join URL.
#ifndef CONVENE_QRENCODE_SHIM_H
#define CONVENE_QRENCODE_SHIM_H
#include <qrencode.h>
#endif
