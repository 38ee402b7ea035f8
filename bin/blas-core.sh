# Sourced by bin/pcg and bench/jmh.sh: on a CPU with AVX-512, asks OpenBLAS for its AVX-512
# kernels. Debian's OpenBLAS 0.3.21 picks its kernels by CPU model and does not know AMD's
# Zen 4 and Zen 5, so there it runs its AVX2 (Haswell) ones: on a Zen 5 machine that left
# the MLP's products at 117 GFLOP/s where the AVX-512 kernels reach 197 (docs/performance.md).
# A child process such as pcg bench's PyTorch peer inherits the choice, so both sides of a
# comparison run the same kernels. An OPENBLAS_CORETYPE the user set stands; a CPU without
# every AVX-512 subset those kernels use keeps OpenBLAS's own choice.
if [ -z "${OPENBLAS_CORETYPE:-}" ] && [ -r /proc/cpuinfo ]; then
  pcg_flags="$(grep -m1 '^flags' /proc/cpuinfo)"
  pcg_avx512=yes
  for pcg_flag in avx512f avx512cd avx512bw avx512dq avx512vl; do
    case " $pcg_flags " in
      *" $pcg_flag "*) ;;
      *) pcg_avx512=no ;;
    esac
  done
  if [ "$pcg_avx512" = yes ]; then
    export OPENBLAS_CORETYPE=SKYLAKEX
  fi
  unset pcg_flags pcg_avx512 pcg_flag
fi
