/* Vector table and reset handler for the MPS2 boards: copy .data, zero .bss, run main, exit. */
#include <stdint.h>

extern uint32_t __data_load, __data_start, __data_end, __bss_start, __bss_end, __stack_top;
int main(void);
void semihost_exit(int code);

void reset_handler(void) {
  uint32_t *src = &__data_load;
  for (uint32_t *dst = &__data_start; dst < &__data_end;) *dst++ = *src++;
  for (uint32_t *dst = &__bss_start; dst < &__bss_end;) *dst++ = 0;
  semihost_exit(main());
}

/* A fault must end the run with a failure, not spin until the timeout. */
void fault_handler(void) { semihost_exit(3); }

__attribute__((section(".vectors"), used)) static const void *const vectors[16] = {
  &__stack_top, (void *)reset_handler, (void *)fault_handler, (void *)fault_handler, (void *)fault_handler,
  (void *)fault_handler, (void *)fault_handler, 0, 0, 0, 0, (void *)fault_handler, (void *)fault_handler, 0,
  (void *)fault_handler, (void *)fault_handler,
};
