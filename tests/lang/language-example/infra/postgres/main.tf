# Stand-in for the example's database module: its outputs are what the
# platform reads.
variable "size" {
  type = string
}

output "address" {
  value = "postgres-${var.size}.internal"
}
