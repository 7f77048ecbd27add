/* The few Arduino core declarations the generated example sketch uses, so the tests can compile the
   sketch's logic with arm-none-eabi-g++ for the Nano 33 BLE's core without the Arduino core itself. */
#ifndef TINYML_TEST_ARDUINO_H
#define TINYML_TEST_ARDUINO_H
#include <stdint.h>
class SerialPort {
 public:
  void begin(unsigned long baud);
  explicit operator bool() const;
  void print(const char *s);
  void print(int v);
  void print(unsigned long v);
  void println(const char *s);
};
extern SerialPort Serial;
unsigned long micros(void);
#endif
