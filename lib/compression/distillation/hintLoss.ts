// tinyml-lab: 03
/**
 * FitNets' hint loss (Romero et al. 2015) on pooled features: the student's
 * features S [rows, studentWidth] go through a linear map W
 * [studentWidth, teacherWidth] (row-major, no bias) to regress the teacher's
 * T [rows, teacherWidth]; the loss is the mean over all rows * teacherWidth
 * entries of ((S W)[r, j] - T[r, j])^2, with teacherWidth =
 * projection.length / studentWidth.
 */
export function hintLoss(student: Float32Array, teacher: Float32Array, projection: Float32Array, studentWidth: number): number {
  // BEGIN SOLUTION
  const tw = projection.length / studentWidth;
  const rows = student.length / studentWidth;
  if (!Number.isInteger(tw) || !Number.isInteger(rows) || teacher.length !== rows * tw) {
    throw new RangeError(`student ${student.length}, teacher ${teacher.length} and projection ${projection.length} do not fit a width of ${studentWidth}`);
  }
  let total = 0;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < tw; j++) {
      let v = 0;
      for (let k = 0; k < studentWidth; k++) v += student[r * studentWidth + k] * projection[k * tw + j];
      total += (v - teacher[r * tw + j]) ** 2;
    }
  }
  return total / (rows * tw);
  // END SOLUTION
}
